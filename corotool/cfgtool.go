package corotool

import (
	"fmt"
	"sort"
	"strings"
)

// LinkStatus is one link of corosync_cfg_node_status_v1.
type LinkStatus struct {
	Enabled, Connected, DynConnected bool
	MTU                              int32
	Src, Dst                         string // src_ipaddr, dst_ipaddr
}

// NodeStatus is corosync_cfg_node_status_get for one node. Err is the
// cs_error number when the call failed (the node is then shown with
// zeroed data).
type NodeStatus struct {
	NodeID           uint32
	Reachable        bool
	Remote, External bool
	Links            [8]LinkStatus // CFG_MAX_LINKS
	Err              int
}

// CfgStatus is what corosync-cfgtool -s / -n print.
type CfgStatus struct {
	LocalNodeID uint32
	// Transport is totem.transport ("" means knet, the default).
	Transport string
	// LinkTransport is totem.interface.<link>.knet_transport by link
	// number (knet only; default "udp").
	LinkTransport map[int]string
	// Nodes are the nodes of nodelist.node.*.nodeid, any order.
	Nodes []NodeStatus
}

func (c *CfgStatus) transport() (name string, knet bool) {
	switch c.Transport {
	case "udpu", "udp":
		return c.Transport, false
	case "":
		return "knet", true
	}
	return c.Transport, true
}

func (c *CfgStatus) linkTransport(link int, knet bool) string {
	if t, ok := c.LinkTransport[link]; ok {
		return t
	}
	if knet {
		return "udp"
	}
	return "" // no point printing "udp" again for udp/udpu
}

// LinkStatusText renders corosync-cfgtool -s (brief with -b). It exits
// 0 even when links are down (3.1.7, verified in the lab).
func LinkStatusText(c *CfgStatus, brief bool) Output {
	var w, errw strings.Builder
	if len(c.Nodes) == 0 {
		return Output{Stderr: "No nodes found in nodelist\n", Exit: 1}
	}
	nodes := sortedNodes(c.Nodes)
	name, knet := c.transport()
	local, other := 0, 0
	for i, n := range nodes {
		if n.NodeID == c.LocalNodeID {
			local = i
		} else {
			// The local node only has a link to itself: show the links
			// of (the last) other node.
			other = i
		}
	}
	fmt.Fprintf(&w, "Local node ID %d, transport %s\n", c.LocalNodeID, name)
	for i := range nodes {
		if nodes[i].Err != 0 {
			fmt.Fprintf(&errw, "Could not get the node status for nodeid %d, the error is: %d\n", int32(nodes[i].NodeID), nodes[i].Err)
			nodes[i] = NodeStatus{}
		}
	}
	for l := 0; l < len(nodes[other].Links); l++ {
		if !nodes[other].Links[l].Enabled {
			continue
		}
		fmt.Fprintf(&w, "LINK ID %d %s\n", l, c.linkTransport(l, knet))
		fmt.Fprintf(&w, "\taddr\t= %s\n", nodes[other].Links[l].Src)
		if brief {
			w.WriteString("\tstatus\t= ")
			for j, n := range nodes {
				s := byte('0')
				if n.Links[l].Enabled {
					s++
				}
				if n.Links[l].Connected {
					s += 2
				}
				if j == local {
					s = 'n'
				}
				w.WriteByte(s)
			}
			w.WriteString("\n")
			continue
		}
		w.WriteString("\tstatus:\n")
		for j, n := range nodes {
			fmt.Fprintf(&w, "\t\tnodeid: %10d:\t", n.NodeID)
			switch {
			case j == local:
				w.WriteString("localhost")
			case n.Links[l].Connected:
				w.WriteString("connected")
			default:
				w.WriteString("disconnected")
			}
			w.WriteString("\n")
		}
	}
	return Output{Stdout: w.String(), Stderr: errw.String()}
}

// NodeStatusText renders corosync-cfgtool -n: every reachable node but
// this one, with its enabled links.
func NodeStatusText(c *CfgStatus) Output {
	var w strings.Builder
	if len(c.Nodes) == 0 {
		return Output{Stderr: "No nodes found in nodelist\n", Exit: 1}
	}
	name, knet := c.transport()
	fmt.Fprintf(&w, "Local node ID %d, transport %s\n", c.LocalNodeID, name)
	for _, n := range sortedNodes(c.Nodes) {
		if n.Err != 0 || !n.Reachable || n.NodeID == c.LocalNodeID {
			continue
		}
		fmt.Fprintf(&w, "nodeid: %d reachable", n.NodeID)
		if n.Remote {
			w.WriteString(" remote")
		}
		if n.External {
			w.WriteString(" external")
		}
		w.WriteString("\n")
		for l, ls := range n.Links {
			if !ls.Enabled {
				continue
			}
			arrow := ""
			if knet {
				arrow = "->"
			}
			fmt.Fprintf(&w, "   LINK: %d %s (%s%s%s) enabled", l, c.linkTransport(l, knet), ls.Src, arrow, ls.Dst)
			if ls.Connected {
				w.WriteString(" connected")
			}
			if ls.DynConnected {
				w.WriteString(" dynconnected")
			}
			fmt.Fprintf(&w, " mtu: %d\n", ls.MTU)
		}
		w.WriteString("\n")
	}
	return Output{Stdout: w.String()}
}

func sortedNodes(in []NodeStatus) []NodeStatus {
	out := append([]NodeStatus(nil), in...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].NodeID < out[b].NodeID })
	return out
}

// NodeAddrsText renders corosync-cfgtool -a: the node's addresses
// space-separated, or the error when corosync does not know the node.
func NodeAddrsText(nodeid uint32, addrs []string, known bool) Output {
	if !known {
		return Output{Stderr: fmt.Sprintf("Could not get node address for nodeid %d\n", int32(nodeid)), Exit: 1}
	}
	var w strings.Builder
	for i, a := range addrs {
		if a == "" {
			continue // unused slot (family 0)
		}
		if i != 0 {
			w.WriteString(" ")
		}
		w.WriteString(a)
	}
	w.WriteString("\n")
	return Output{Stdout: w.String()}
}

// ReloadText renders corosync-cfgtool -R; errName is "" on success or
// the cs_error name (cs_strerror) of the failure, whose number is the
// exit status.
func ReloadText(errName string, errNum int) Output {
	if errName == "" {
		return Output{Stdout: "Reloading corosync.conf...\nDone\n"}
	}
	return Output{Stdout: "Reloading corosync.conf...\n",
		Stderr: "Could not reload configuration. Error " + errName + "\n", Exit: errNum}
}

// ShutdownText renders corosync-cfgtool -H; errNum is the cs_error number
// of a failed shutdown request (0 on success). The exit status is 0
// either way, as in 3.1.7.
func ShutdownText(errNum int) Output {
	o := Output{Stdout: "Shutting down corosync\n"}
	if errNum != 0 {
		o.Stderr = fmt.Sprintf("Could not shutdown (error = %d)\n", errNum)
	}
	return o
}

// KillNodeText renders corosync-cfgtool -k; errName is the cs_error name
// of a failure ("" on success).
func KillNodeText(nodeid uint32, errName string) Output {
	o := Output{Stdout: fmt.Sprintf("Killing node %d\n", nodeid)}
	if errName != "" {
		o.Stderr = "Could not kill node (error = " + errName + ")\n"
		o.Exit = 1
	}
	return o
}

// InitErrorText is the message when the cfg (or cmap) service cannot be
// reached; errNum is the cs_error number (2 = CS_ERR_LIBRARY when
// corosync is not running).
func InitErrorText(service string, errNum int) Output {
	return Output{Stderr: fmt.Sprintf("Could not initialize corosync %s API error %d\n", service, errNum), Exit: 1}
}
