module github.com/gorosync/gorosync

go 1.26

require (
	github.com/spf13/pflag v1.0.10
	golang.org/x/sys v0.38.0
)
