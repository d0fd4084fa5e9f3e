module github.com/gorosync/gorosync

go 1.26.0

require (
	github.com/coreos/go-systemd/v22 v22.7.0
	github.com/spf13/cobra v1.10.2
	golang.org/x/net v0.62.0
	golang.org/x/sys v0.49.0
)

require (
	github.com/cockroachdb/datadriven v1.0.3
	github.com/pmezard/go-difflib v1.0.0 // indirect
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
)
