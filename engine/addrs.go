package engine

// SetAddrs replaces the interface addresses by node (Config.Addrs) after
// a reload changed the nodelist, so that runtime.members.<id>.ip of a node
// added at run time names its address. Addresses of members already
// recorded in cmap are not rewritten (corosync keeps them too).
func (e *Engine) SetAddrs(addrs map[uint32][]string) {
	e.cfg.Addrs = addrs
}
