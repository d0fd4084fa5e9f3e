module github.com/gorosync/gorosync

go 1.26

require (
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.10
	golang.org/x/sys v0.38.0
)

require (
	github.com/cockroachdb/datadriven v1.0.3
	github.com/pmezard/go-difflib v1.0.0 // indirect
)

require github.com/inconshreveable/mousetrap v1.1.0 // indirect
