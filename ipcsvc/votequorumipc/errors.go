package votequorumipc

import (
	"errors"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/votequorum"
)

// CodeOf maps a backend error onto the cs_error_t corosync answers with:
// a cmapipc.CSError as it is, the votequorum package's errors by name, and
// anything else CS_ERR_INVALID_PARAM.
func CodeOf(err error) cmapipc.CSError {
	var cs cmapipc.CSError
	switch {
	case errors.As(err, &cs):
		return cs
	case errors.Is(err, votequorum.ErrNotExist):
		return cmapipc.ErrNotExist
	case errors.Is(err, votequorum.ErrNameNotFound):
		return cmapipc.ErrNameNotFound
	}
	return cmapipc.CodeOf(err)
}

// InfoFrom converts the votequorum package's GetInfo answer.
func InfoFrom(in votequorum.Info) Info {
	return Info{NodeID: in.NodeID, State: uint32(in.State), Votes: in.Votes, ExpectedVotes: in.ExpectedVotes,
		HighestExpected: in.HighestExpected, TotalVotes: in.TotalVotes, Quorum: in.Quorum, Flags: in.Flags,
		QdeviceVotes: in.QdeviceVotes, QdeviceName: in.QdeviceName}
}
