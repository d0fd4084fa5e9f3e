package cluster

import (
	"fmt"
	"net/netip"
	"strings"
)

// ConfOptions shape a generated corosync.conf.
type ConfOptions struct {
	ClusterName string // "" means "gorosync"
	Transport   string // "" means udpu
	Token       int    // ms; 0 leaves corosync's default (3000)
	// Quorum lines added to the quorum{} section (e.g. "two_node: 1").
	Quorum []string
	// Debug turns on debug logging (logging { debug: on }).
	Debug bool
}

// Conf writes a corosync.conf for nodes n1..nN at addrs (nodeid K for
// addrs[K-1]), logging to /var/log/corosync/corosync.log with hires
// timestamps, as the samples' configs do.
func Conf(o ConfOptions, addrs []netip.Prefix) []byte {
	name, tr := o.ClusterName, o.Transport
	if name == "" {
		name = "gorosync"
	}
	if tr == "" {
		tr = "udpu"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "totem {\n\tversion: 2\n\tcluster_name: %s\n\ttransport: %s\n\tcrypto_cipher: none\n\tcrypto_hash: none\n", name, tr)
	if o.Token > 0 {
		fmt.Fprintf(&b, "\ttoken: %d\n", o.Token)
	}
	b.WriteString("}\n\nnodelist {\n")
	for i, a := range addrs {
		fmt.Fprintf(&b, "\tnode {\n\t\tring0_addr: %s\n\t\tname: n%d\n\t\tnodeid: %d\n\t}\n", a.Addr(), i+1, i+1)
	}
	b.WriteString("}\n\nquorum {\n\tprovider: corosync_votequorum\n")
	for _, l := range o.Quorum {
		b.WriteString("\t" + l + "\n")
	}
	debug := "off"
	if o.Debug {
		debug = "on"
	}
	b.WriteString("}\n\nlogging {\n\tto_logfile: yes\n\tlogfile: /var/log/corosync/corosync.log\n" +
		"\tto_stderr: no\n\tto_syslog: no\n\ttimestamp: hires\n\tfileline: off\n\tdebug: " + debug + "\n}\n")
	return []byte(b.String())
}

// Addrs are n addresses 10.<b>.0.1/24 .. 10.<b>.0.n/24.
func Addrs(b, n int) []netip.Prefix {
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(b), 0, byte(i + 1)}), 24)
	}
	return ps
}
