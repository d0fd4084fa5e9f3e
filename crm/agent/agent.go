// Package agent is gocrm's single interface to resource agents of every
// class (OCF scripts, LSB init scripts, systemd units over D-Bus, and the
// native IPaddr2 and VIPcheck): the operations, their OCF exit codes and
// exit reasons, per-operation timeouts, and agent meta-data.
//
// An Agent is long-lived: the daemon keeps one per resource class/type and
// calls it for every operation, so agents that hold state between
// operations (the native IPaddr2 refreshing ARP while it holds an address)
// own it and release it in Close.
package agent

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Actions every agent answers.
const (
	ActionStart       = "start"
	ActionStop        = "stop"
	ActionMonitor     = "monitor"
	ActionMetaData    = "meta-data"
	ActionValidateAll = "validate-all"
)

// DefaultTimeout is Pacemaker's default operation timeout.
const DefaultTimeout = 20 * time.Second

// Request is one operation's input.
type Request struct {
	// Instance is the resource id (OCF_RESOURCE_INSTANCE).
	Instance string
	// Params are the instance attributes.
	Params map[string]string
	// Meta are the controller's meta values without the CRM_meta_ prefix
	// ("interval", "timeout", "on_node", ...); Run fills timeout, interval
	// and name.
	Meta map[string]string
	// Timeout bounds the operation; 0 means DefaultTimeout.
	Timeout time.Duration
	// Interval is the recurring monitor interval; 0 for one-shot actions
	// and probes.
	Interval time.Duration
}

// Param returns the parameter name or def when unset.
func (r Request) Param(name, def string) string {
	if v, ok := r.Params[name]; ok {
		return v
	}
	return def
}

// IsProbe reports whether a monitor request is a probe (interval 0).
func (r Request) IsProbe() bool { return r.Interval == 0 }

// Agent is a resource agent. Every method honours ctx: when it ends the
// operation is abandoned and a result with ExecTimeout (deadline) or
// ExecCancelled returned. Start and Stop must be idempotent; Monitor
// returns OK when running, NotRunning when cleanly stopped.
type Agent interface {
	Start(ctx context.Context, req Request) Result
	Stop(ctx context.Context, req Request) Result
	Monitor(ctx context.Context, req Request) Result
	// MetaData returns the OCF meta-data XML in Result.Stdout.
	MetaData(ctx context.Context) Result
	ValidateAll(ctx context.Context, req Request) Result
}

// Actioner is implemented by agents that accept actions beyond the five
// of Agent (OCF scripts: promote, reload, notify, ...).
type Actioner interface {
	Action(ctx context.Context, action string, req Request) Result
}

// Closer is implemented by agents owning background work (timers,
// goroutines, connections); Close stops it without undoing any resource
// state.
type Closer interface {
	Close() error
}

// Settler is implemented by agents that finish part of an operation in
// the background (IPaddr2's ARP burst): Settle waits until that work is
// done. A one-shot caller (gocrm agent) calls it before exiting.
type Settler interface {
	Settle(ctx context.Context) error
}

// Run performs action on a with req's timeout: it fills the meta values
// every class expects, bounds the operation with a context deadline,
// turns a missed deadline into ExecTimeout and records the duration.
func Run(ctx context.Context, a Agent, action string, req Request) Result {
	if req.Timeout <= 0 {
		req.Timeout = DefaultTimeout
	}
	meta := make(map[string]string, len(req.Meta)+3)
	for k, v := range req.Meta {
		meta[k] = v
	}
	if _, ok := meta["timeout"]; !ok {
		meta["timeout"] = strconv.FormatInt(req.Timeout.Milliseconds(), 10)
	}
	if _, ok := meta["interval"]; !ok {
		meta["interval"] = strconv.FormatInt(req.Interval.Milliseconds(), 10)
	}
	if _, ok := meta["name"]; !ok {
		meta["name"] = action
	}
	req.Meta = meta
	if req.Params == nil {
		req.Params = map[string]string{}
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()
	var res Result
	switch action {
	case ActionStart:
		res = a.Start(ctx, req)
	case ActionStop:
		res = a.Stop(ctx, req)
	case ActionMonitor, "status":
		res = a.Monitor(ctx, req)
	case ActionMetaData:
		res = a.MetaData(ctx)
	case ActionValidateAll:
		res = a.ValidateAll(ctx, req)
	default:
		if x, ok := a.(Actioner); ok {
			res = x.Action(ctx, action, req)
		} else {
			res = Done(ErrUnimplemented, "action %q is not implemented", action)
		}
	}
	// An agent that noticed the deadline may have returned anything; the
	// executor's view is that the operation timed out.
	if err := ctx.Err(); err != nil && res.Status != ExecDone && res.Status != ExecTimeout && res.Status != ExecCancelled {
		res = FromContext(ctx, action, req.Timeout, res)
	}
	res.Duration = time.Since(start)
	return res
}

// FromContext converts an operation cut short by ctx into its result,
// keeping prev's output for diagnosis.
func FromContext(ctx context.Context, action string, timeout time.Duration, prev Result) Result {
	var r Result
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		r = TimedOut(action, timeout)
	} else {
		r = Failed(ExecCancelled, "%s cancelled", action)
	}
	r.Stdout, r.Stderr = prev.Stdout, prev.Stderr
	return r
}
