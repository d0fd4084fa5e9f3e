package cmapipc

import (
	"errors"
	"fmt"

	"github.com/gorosync/gorosync/cmap"
)

// CSError is corosync's cs_error_t (include/corosync/corotypes.h); it is
// what the error field of every cmap response carries.
type CSError int32

const (
	OK                   CSError = 1
	ErrLibrary           CSError = 2
	ErrVersion           CSError = 3
	ErrInit              CSError = 4
	ErrTimeout           CSError = 5
	ErrTryAgain          CSError = 6
	ErrInvalidParam      CSError = 7
	ErrNoMemory          CSError = 8
	ErrBadHandle         CSError = 9
	ErrBusy              CSError = 10
	ErrAccess            CSError = 11
	ErrNotExist          CSError = 12
	ErrNameTooLong       CSError = 13
	ErrExist             CSError = 14
	ErrNoSpace           CSError = 15
	ErrInterrupt         CSError = 16
	ErrNameNotFound      CSError = 17
	ErrNoResources       CSError = 18
	ErrNotSupported      CSError = 19
	ErrBadOperation      CSError = 20
	ErrFailedOperation   CSError = 21
	ErrMessageError      CSError = 22
	ErrQueueFull         CSError = 23
	ErrQueueNotAvailable CSError = 24
	ErrBadFlags          CSError = 25
	ErrTooBig            CSError = 26
	ErrNoSections        CSError = 27
	ErrContextNotFound   CSError = 28
	ErrTooManyGroups     CSError = 30
	ErrSecurity          CSError = 100
)

var csNames = map[CSError]string{
	OK: "CS_OK", ErrLibrary: "CS_ERR_LIBRARY", ErrVersion: "CS_ERR_VERSION", ErrInit: "CS_ERR_INIT",
	ErrTimeout: "CS_ERR_TIMEOUT", ErrTryAgain: "CS_ERR_TRY_AGAIN", ErrInvalidParam: "CS_ERR_INVALID_PARAM",
	ErrNoMemory: "CS_ERR_NO_MEMORY", ErrBadHandle: "CS_ERR_BAD_HANDLE", ErrBusy: "CS_ERR_BUSY",
	ErrAccess: "CS_ERR_ACCESS", ErrNotExist: "CS_ERR_NOT_EXIST", ErrNameTooLong: "CS_ERR_NAME_TOO_LONG",
	ErrExist: "CS_ERR_EXIST", ErrNoSpace: "CS_ERR_NO_SPACE", ErrInterrupt: "CS_ERR_INTERRUPT",
	ErrNameNotFound: "CS_ERR_NAME_NOT_FOUND", ErrNoResources: "CS_ERR_NO_RESOURCES",
	ErrNotSupported: "CS_ERR_NOT_SUPPORTED", ErrBadOperation: "CS_ERR_BAD_OPERATION",
	ErrFailedOperation: "CS_ERR_FAILED_OPERATION", ErrMessageError: "CS_ERR_MESSAGE_ERROR",
	ErrQueueFull: "CS_ERR_QUEUE_FULL", ErrQueueNotAvailable: "CS_ERR_QUEUE_NOT_AVAILABLE",
	ErrBadFlags: "CS_ERR_BAD_FLAGS", ErrTooBig: "CS_ERR_TOO_BIG", ErrNoSections: "CS_ERR_NO_SECTIONS",
	ErrContextNotFound: "CS_ERR_CONTEXT_NOT_FOUND", ErrTooManyGroups: "CS_ERR_TOO_MANY_GROUPS",
	ErrSecurity: "CS_ERR_SECURITY",
}

// String is the constant's name as corosync's tools print it
// ("CS_ERR_NOT_EXIST").
func (e CSError) String() string {
	if n, ok := csNames[e]; ok {
		return n
	}
	return fmt.Sprintf("CS_ERR_%d", int32(e))
}

// Error makes CSError usable as an error (CS_OK is never returned as one).
func (e CSError) Error() string { return e.String() }

// csErrorOf maps the cmap package's errors onto the codes corosync's cmap
// service answers with.
func csErrorOf(err error) CSError {
	switch {
	case err == nil:
		return OK
	case errors.Is(err, cmap.ErrNotExist):
		return ErrNotExist
	case errors.Is(err, cmap.ErrReadOnly):
		return ErrAccess
	case errors.Is(err, cmap.ErrInvalidKey):
		return ErrNameTooLong
	case errors.Is(err, cmap.ErrExist):
		return ErrExist
	}
	return ErrInvalidParam
}

// asError turns a response's code into a Go error (nil for CS_OK).
func asError(code int32) error {
	if CSError(code) == OK {
		return nil
	}
	return CSError(code)
}
