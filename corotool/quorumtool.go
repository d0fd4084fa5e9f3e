package corotool

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gorosync/gorosync/votequorum"
)

// Votequorum info flags: the votequorum package's (one definition).
const (
	InfoTwoNode           = votequorum.InfoTwoNode
	InfoQuorate           = votequorum.InfoQuorate
	InfoWaitForAll        = votequorum.InfoWaitForAll
	InfoLastManStanding   = votequorum.InfoLastManStanding
	InfoAutoTieBreaker    = votequorum.InfoAutoTieBreaker
	InfoAllowDownscale    = votequorum.InfoAllowDownscale
	InfoQdeviceRegistered = votequorum.InfoQdeviceRegistered
	InfoQdeviceAlive      = votequorum.InfoQdeviceAlive
	InfoQdeviceCastVote   = votequorum.InfoQdeviceCastVote
	InfoQdeviceMasterWins = votequorum.InfoQdeviceMasterWins
)

// VQInfo is struct votequorum_info (votequorum_getinfo).
type VQInfo struct {
	NodeID          uint32
	Votes           uint32
	ExpectedVotes   uint32
	HighestExpected uint32
	TotalVotes      uint32
	Quorum          uint32
	Flags           uint32
	QdeviceVotes    uint32
	QdeviceName     string
}

// Member is one entry of the quorum view list, with what the tool looks
// up for it.
type Member struct {
	NodeID uint32
	// NodelistName is nodelist.node.X.name ("" when absent).
	NodelistName string
	// Addrs are the node's numeric link addresses
	// (corosync_cfg_get_node_addrs); AddrErr is set when that call failed
	// (the cs_error name).
	Addrs   []string
	AddrErr string
	// Info is votequorum_getinfo for this node; InfoErr non-empty when it
	// failed (the table then shows zeroes).
	Info    VQInfo
	InfoErr string
}

// QuorumStatus is everything corosync-quorumtool -s / -l print.
type QuorumStatus struct {
	// Provider is quorum.provider; "" prints "Not configured".
	Provider string
	// Votequorum is true when the provider is corosync_votequorum (the
	// tool then opens the votequorum service).
	Votequorum bool
	Quorate    bool // quorum_getquorate
	NodeID     uint32
	RingRep    uint32
	RingSeq    uint64
	// Info is votequorum_getinfo for this node; InfoErr is the cs_error
	// name when it failed with something other than CS_ERR_NOT_EXIST.
	Info    VQInfo
	InfoErr string
	// Members in the order corosync sent them.
	Members []Member
}

// Resolver turns a numeric address into a host name the way
// getnameinfo(3) without NI_NAMEREQD does (numeric text when unknown).
type Resolver func(addr string) string

// Output is a tool run's text and exit status.
type Output struct {
	Stdout, Stderr string
	Exit           int
}

const exitNotQuorate = 2

// ShowStatus renders corosync-quorumtool -s (show_status): exit 0 when
// quorate, 2 when not, 1 on error.
func ShowStatus(st *QuorumStatus, o QuorumOptions, now time.Time, resolve Resolver) Output {
	var out, errw strings.Builder
	failed := displayQuorum(&out, &errw, st, o, now, resolve)
	r := Output{Stdout: out.String(), Stderr: errw.String()}
	switch {
	case failed:
		r.Exit = 1
	case !st.Quorate:
		r.Exit = exitNotQuorate
	}
	return r
}

// ShowNodes renders corosync-quorumtool -l (show_nodes).
func ShowNodes(st *QuorumStatus, o QuorumOptions, resolve Resolver) Output {
	var out, errw strings.Builder
	displayNodes(&out, &errw, st, o, resolve)
	return Output{Stdout: out.String(), Stderr: errw.String()}
}

// Ctime formats t like ctime(3) without the newline.
func Ctime(t time.Time) string { return t.Format("Mon Jan _2 15:04:05 2006") }

func displayQuorum(w, errw *strings.Builder, st *QuorumStatus, o QuorumOptions, now time.Time, resolve Resolver) bool {
	w.WriteString("Quorum information\n------------------\n")
	fmt.Fprintf(w, "Date:             %s\n", Ctime(now))
	provider := st.Provider
	if provider == "" {
		provider = "Not configured"
	}
	fmt.Fprintf(w, "Quorum provider:  %s\n", provider)
	fmt.Fprintf(w, "Nodes:            %d\n", len(st.Members))
	if o.HexIDs {
		fmt.Fprintf(w, "Node ID:          0x%08x\n", st.NodeID)
	} else {
		fmt.Fprintf(w, "Node ID:          %d\n", st.NodeID)
	}
	if st.Votequorum {
		fmt.Fprintf(w, "Ring ID:          %x.%x\n", st.RingRep, st.RingSeq)
	} else {
		fmt.Fprintf(w, "Ring ID:          %x\n", st.RingSeq)
	}
	fmt.Fprintf(w, "Quorate:          %s\n", yesNo(st.Quorate))
	if !st.Votequorum {
		return false
	}
	failed := st.InfoErr != ""
	if failed {
		fmt.Fprintf(errw, "Unable to get node info: %s\n", st.InfoErr)
	} else {
		in := st.Info
		w.WriteString("\nVotequorum information\n----------------------\n")
		fmt.Fprintf(w, "Expected votes:   %d\n", int32(in.ExpectedVotes))
		fmt.Fprintf(w, "Highest expected: %d\n", int32(in.HighestExpected))
		fmt.Fprintf(w, "Total votes:      %d\n", int32(in.TotalVotes))
		suffix := "Activity blocked"
		if in.Flags&InfoQuorate != 0 {
			suffix = " "
		}
		fmt.Fprintf(w, "Quorum:           %d %s\n", int32(in.Quorum), suffix)
		w.WriteString("Flags:            " + FlagWords(in.Flags) + "\n")
	}
	displayNodes(w, errw, st, o, resolve)
	return failed
}

// FlagWords is the Flags: line body: each set flag's word and a space, in
// corosync's fixed order.
func FlagWords(f uint32) string {
	var b strings.Builder
	for _, fw := range []struct {
		bit  uint32
		word string
	}{
		{InfoTwoNode, "2Node"}, {InfoQuorate, "Quorate"}, {InfoWaitForAll, "WaitForAll"},
		{InfoLastManStanding, "LastManStanding"}, {InfoAutoTieBreaker, "AutoTieBreaker"},
		{InfoAllowDownscale, "AllowDownscale"}, {InfoQdeviceRegistered, "Qdevice"},
	} {
		if f&fw.bit != 0 {
			b.WriteString(fw.word + " ")
		}
	}
	return b.String()
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// padded is print_string_padded: right-aligned in 10 columns, then a
// space (longer strings are not cut).
func padded(s string) string {
	if len(s) < 10 {
		s = strings.Repeat(" ", 10-len(s)) + s
	}
	return s + " "
}

// nodeName is node_name(): the nodelist name (unless -i), then with -a
// the remaining addresses, ", "-separated.
func nodeName(m *Member, o QuorumOptions, resolve Resolver, errw *strings.Builder) string {
	var b strings.Builder
	start := 0
	if !o.ShowIP && m.NodelistName != "" {
		b.WriteString(m.NodelistName)
		start = 1
	}
	if m.AddrErr != "" {
		fmt.Fprintf(errw, "Unable to get node address for nodeid %d: %s\n", m.NodeID, m.AddrErr)
		return ""
	}
	n := len(m.Addrs)
	if !o.AllAddrs {
		n = min(n, 1)
	}
	for i := start; i < n; i++ {
		if m.Addrs[i] == "" {
			continue // family 0: unused slot
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if o.ShowIP || resolve == nil {
			b.WriteString(m.Addrs[i])
		} else {
			b.WriteString(resolve(m.Addrs[i]))
		}
	}
	return b.String()
}

func displayNodes(w, errw *strings.Builder, st *QuorumStatus, o QuorumOptions, resolve Resolver) {
	n := len(st.Members)
	infos := make([]VQInfo, n) // stays in received order, like the C array
	displayQdevice := false
	if st.Votequorum {
		for i, m := range st.Members {
			if m.InfoErr != "" {
				fmt.Fprintf(w, "Unable to get node %d info\n", m.NodeID)
			} else {
				infos[i] = m.Info
			}
			if infos[i].Flags&InfoQdeviceRegistered != 0 {
				displayQdevice = true
			}
		}
	}
	type row struct {
		id   uint32
		name string
	}
	rows := make([]row, n)
	for i := range st.Members {
		rows[i] = row{st.Members[i].NodeID, nodeName(&st.Members[i], o, resolve, errw)}
	}
	w.WriteString("\nMembership information\n----------------------\n")
	w.WriteString(padded("Nodeid"))
	qcol := displayQdevice || o.MachineParsable
	if st.Votequorum {
		w.WriteString(padded("Votes"))
		if qcol {
			w.WriteString(padded("Qdevice"))
		}
	}
	w.WriteString("Name\n")
	// Only the id/name list is sorted; the vote columns still come from
	// the info array in received order (a corosync quirk kept on purpose).
	switch o.Sort {
	case SortNodeID:
		sort.SliceStable(rows, func(a, b int) bool { return rows[a].id < rows[b].id })
	case SortName:
		sort.SliceStable(rows, func(a, b int) bool { return rows[a].name < rows[b].name })
	}
	var ourFlags uint32
	for i, r := range rows {
		w.WriteString(nodeIDText(r.id, o))
		if st.Votequorum {
			w.WriteString(padded(fmt.Sprint(infos[i].Votes)))
			if qcol {
				if infos[i].Flags&InfoQdeviceRegistered != 0 {
					w.WriteString(padded(qdeviceCol(infos[i].Flags)))
				} else {
					w.WriteString(padded("NR"))
				}
			}
		}
		w.WriteString(r.name)
		if r.id == st.NodeID {
			w.WriteString(" (local)")
			ourFlags = infos[i].Flags
		}
		w.WriteString("\n")
	}
	if displayQdevice {
		w.WriteString(nodeIDText(0, o))
		q := infos[0]
		if ourFlags&InfoQdeviceCastVote != 0 {
			w.WriteString(padded(fmt.Sprint(q.QdeviceVotes)))
		} else {
			w.WriteString(padded("0"))
		}
		w.WriteString("           " + q.QdeviceName)
		if ourFlags&InfoQdeviceCastVote != 0 {
			w.WriteString("\n")
		} else {
			fmt.Fprintf(w, " (votes %d)\n", int32(q.QdeviceVotes))
		}
	}
}

func nodeIDText(id uint32, o QuorumOptions) string {
	if o.HexIDs {
		return fmt.Sprintf("0x%08x ", id)
	}
	return padded(fmt.Sprint(id))
}

// qdeviceCol is the Qdevice column for a registered device ("A,V,NMW").
func qdeviceCol(f uint32) string {
	pick := func(bit uint32, yes, no string) string {
		if f&bit != 0 {
			return yes
		}
		return no
	}
	return pick(InfoQdeviceAlive, "A", "NA") + "," + pick(InfoQdeviceCastVote, "V", "NV") + "," +
		pick(InfoQdeviceMasterWins, "MW", "NMW")
}
