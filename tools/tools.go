//go:build tools

// Package tools pins the development tools of gorosync (see the Makefile's
// lint target). It is a separate module so that the main module's go.mod
// stays free of tool dependencies.
package tools

import (
	_ "honnef.co/go/tools/cmd/staticcheck"
)
