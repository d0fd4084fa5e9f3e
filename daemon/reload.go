package daemon

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/engine"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/transport"
)

// reloadState is the node's bookkeeping for reloads and for totem.* keys
// changed through cmap.
type reloadState struct {
	// applying is set while a reload writes the live map: the totem.*
	// tracker then stays quiet (corosync checks config.reload_in_progress).
	applying atomic.Bool
	// pending: a recomputation of the totem values is queued on the loop.
	pending atomic.Bool
	track   *cmap.Track
}

// reload is cfg's RELOAD_CONFIG on this node: re-read the file and apply
// what may change at run time (corosync.md §9). A file that does not load,
// or asks for what cannot change, is reported and changes nothing.
func (n *node) reload(x engine.ReloadRequested) {
	err := n.reloadFile()
	if x.Local {
		if w, ok := n.reloadWait[x.Conn]; ok {
			w <- err
			delete(n.reloadWait, x.Conn)
		}
	}
}

// errReload is what the reloading client is told on any failure.
var errReload = cmapipc.ErrInvalidParam

// reloadPlan is a validated reload, ready to apply.
type reloadPlan struct {
	res     *coroconf.Result
	diff    reloadDiff
	totem   *coroconf.TotemConfig // the running configuration with the new nodelist and timers
	core    totem.Config
	members []transport.Member
}

func (n *node) reloadFile() error {
	n.rl.applying.Store(true)
	defer n.rl.applying.Store(false)
	_ = n.m.Set("config.totemconfig_reload_in_progress", cmap.U8(1))
	p, err := n.planReload()
	if err != nil {
		n.finishReload(cmapipc.ErrInvalidParam)
		return errReload
	}
	_ = n.m.Set("config.reload_in_progress", cmap.U8(1))
	n.applyReload(p)
	n.finishReload(cmapipc.OK)
	if err := n.eng.ConfigReloaded(); err != nil {
		n.logf(coroconf.LevelError, "CFG", "%v", err)
	}
	return nil
}

// finishReload publishes the outcome and ends the reload.
func (n *node) finishReload(status cmapipc.CSError) {
	_ = n.m.Set("config.reload_status", cmap.I32(int32(status)))
	_ = n.m.Set("config.totemconfig_reload_in_progress", cmap.U8(0))
	_ = n.m.Set("config.reload_in_progress", cmap.U8(0))
}

// planReload loads the file and checks everything that could make the
// reload fail, logging corosync's messages; it changes nothing except the
// transport's member list, which is the last step that can fail (and
// itself all-or-nothing). The error's text is the reason alone.
func (n *node) planReload() (*reloadPlan, error) {
	res := coroconf.Load(n.o.ConfigPath, n.o.Env)
	if res.Fatal != nil {
		return nil, n.reloadFailed(reloadFatalPrefix(res.Fatal.Stage), res.Fatal.Text)
	}
	if res.Totem.Nodeid != n.id {
		return nil, n.reloadFailed("Cannot configure new interface definitions: ",
			fmt.Sprintf("the local node id cannot change at run time (%d in the new file, %d running)", res.Totem.Nodeid, n.id))
	}
	p := &reloadPlan{res: res, diff: diffReload(n.m, res.Map)}
	for _, k := range p.diff.Refused {
		n.logf(coroconf.LevelNotice, "CFG", "Modified entry '%s' in corosync.conf cannot be changed at run-time", k)
	}

	old := n.res.Totem
	n.logf(coroconf.LevelDebug, "TOTEM", "About to reconfigure links from nodelist.")
	if ch := addrChanges(old.Links[0].Members, res.Totem.Links[0].Members); len(ch) > 0 {
		for _, c := range ch {
			n.logf(coroconf.LevelError, "TOTEM", "new config has different address for link 0 (addr changed from %s to %s). Internal value was NOT changed.", c.Old, c.New)
		}
		return nil, n.reloadFailed("Cannot configure new interface definitions: ",
			"To reconfigure an interface it must be deleted and recreated. A working interface needs to be available to corosync at all times")
	}
	// udp/udpu keep link 0 as it was read at start; only its nodelist and
	// the volatile timer values change.
	tc := *old
	tc.Links[0].Members = res.Totem.Links[0].Members
	tc.Volatile = res.Totem.Volatile
	p.totem = &tc
	core, err := TotemConfig(&tc)
	if err != nil {
		return nil, n.reloadFailed("Configuration is not valid: ", err.Error())
	}
	p.core = core
	if p.members, err = linkMembers(tc.Links[0].Members); err != nil {
		return nil, n.reloadFailed("Cannot configure new interface definitions: ", err.Error())
	}
	before, _ := linkMembers(old.Links[0].Members)
	added, removed := memberDiff(before, p.members)
	if len(added)+len(removed) > 0 {
		if err := n.tr.SetMembers(p.members); err != nil {
			return nil, n.reloadFailed("Cannot configure new interface definitions: ", err.Error())
		}
	}
	for _, m := range removed {
		n.logf(coroconf.LevelDebug, "TOTEM", "removing dynamic member %s for ring 0", m.Addr)
	}
	for _, m := range added {
		n.logf(coroconf.LevelDebug, "TOTEM", "adding dynamic member %s for ring 0", m.Addr)
	}
	return p, nil
}

// reloadFatalPrefix is how corosync's reload introduces a failure of each
// stage of reading the file.
func reloadFatalPrefix(s coroconf.Stage) string {
	switch s {
	case coroconf.StageTotemRead:
		return "Cannot configure new interface definitions: "
	case coroconf.StageTotemValidate:
		return "Configuration is not valid: "
	}
	return "Unable to reload config file: "
}

func (n *node) reloadFailed(prefix, reason string) error {
	n.logf(coroconf.LevelError, "CFG", "%s%s", prefix, reason)
	return errors.New(reason)
}

// applyReload makes a planned reload live: the map (deleted keys first),
// the totem core's timers and nodelist, the engine's addresses, logging.
func (n *node) applyReload(p *reloadPlan) {
	for _, k := range p.diff.Delete {
		_ = n.m.Delete(k)
	}
	for _, kv := range p.diff.Set {
		_ = n.m.Set(kv.Key, kv.Value)
	}
	if err := n.tn.Step(totem.Reconfigure{Config: p.core}); err != nil {
		// Validated in planReload; a failure here is a bug worth seeing.
		n.logf(coroconf.LevelError, "TOTEM", "%v", err)
	}
	n.eng.SetAddrs(engine.AddrsFromTotem(p.totem))
	n.mu.Lock()
	n.res.Totem = p.totem
	n.mu.Unlock()
	if p.res.Log != nil {
		n.log.Reconfigure(p.res.Log)
	}
	n.logf(coroconf.LevelDebug, "TOTEM", "Configuration reloaded. Dumping actual totem config.")
	n.dumpTotemConfig(p.totem)
}

// liveTotem is the totem configuration in force, for IPC goroutines (the
// loop replaces it on reload).
func (n *node) liveTotem() *coroconf.TotemConfig {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.res.Totem
}
