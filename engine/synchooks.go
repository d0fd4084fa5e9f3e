package engine

import (
	"fmt"

	"github.com/gorosync/gorosync/engine/syncproto"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// syncHooks connects syncproto to the engine's services.
type syncHooks struct{ e *Engine }

func newSync(e *Engine, local []int32) *syncproto.Sync {
	return syncproto.New(local, syncHooks{e})
}

func (h syncHooks) Send(m svcmsg.Message) { h.e.pack(groupSync, svcmsg.Encode(m)) }

func (h syncHooks) Known(id int32) bool { return h.e.syncerOf(id) != nil }

func (h syncHooks) Name(id int32) string {
	if h.e.syncerOf(id) == nil {
		return fmt.Sprintf("service %d", id)
	}
	return serviceTable[id].long
}

func (h syncHooks) Init(id int32, trans, members []uint32, ring wire.RingID) {
	h.e.syncerOf(id).syncInit(trans, members, ring)
}

func (h syncHooks) Process(id int32) bool { return h.e.syncerOf(id).syncProcess() }
func (h syncHooks) Activate(id int32)     { h.e.syncerOf(id).syncActivate() }
func (h syncHooks) Abort(id int32)        { h.e.syncerOf(id).syncAbort() }

// Completed is corosync_sync_completed.
func (h syncHooks) Completed() {
	h.e.logf("MAIN", LevelNotice, "Completed service synchronization, ready to provide service.")
	h.e.syncInProcess = false
	h.e.notice(SyncCompleted{Ring: h.e.ring})
}

func (h syncHooks) Debugf(format string, args ...any) { h.e.logf("SYNC", LevelDebug, format, args...) }
