module github.com/gorosync/gorosync

go 1.26
