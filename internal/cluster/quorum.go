package cluster

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Quorum is what `corosync-quorumtool -s` printed.
type Quorum struct {
	Exit     int // 0 quorate, 2 not quorate, 1 error
	Nodes    int
	NodeID   uint32
	RingID   string // "1.d": representative.sequence, in hex
	Quorate  bool
	Expected int
	Highest  int
	Total    int
	Quorum   int
	Flags    []string
	Members  []Member
	Raw      string
}

// Member is one row of the membership table.
type Member struct {
	ID    uint32
	Votes int
	Name  string
	Local bool
}

// ParseQuorum reads quorumtool -s output. Fields it does not find stay
// zero; an unreadable number is an error naming the line.
func ParseQuorum(out string) (Quorum, error) {
	q := Quorum{Raw: out}
	inMembers := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if inMembers {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			id, err1 := strconv.ParseUint(f[0], 0, 32)
			votes, err2 := strconv.Atoi(f[1])
			if err1 != nil || err2 != nil {
				return q, fmt.Errorf("quorumtool line %d: bad member row %q", ln, line)
			}
			m := Member{ID: uint32(id), Votes: votes}
			rest := f[2:]
			if len(rest) > 0 && rest[len(rest)-1] == "(local)" {
				m.Local, rest = true, rest[:len(rest)-1]
			}
			m.Name = strings.Join(rest, " ")
			q.Members = append(q.Members, m)
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "Nodeid") {
			inMembers = true
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		var err error
		switch key {
		case "Nodes":
			q.Nodes, err = strconv.Atoi(val)
		case "Node ID":
			var id uint64
			id, err = strconv.ParseUint(val, 0, 32)
			q.NodeID = uint32(id)
		case "Ring ID":
			q.RingID = val
		case "Quorate":
			q.Quorate = val == "Yes"
		case "Expected votes":
			q.Expected, err = strconv.Atoi(val)
		case "Highest expected":
			q.Highest, err = strconv.Atoi(val)
		case "Total votes":
			q.Total, err = strconv.Atoi(val)
		case "Quorum":
			// "2  " or "2 Activity blocked"
			q.Quorum, err = strconv.Atoi(strings.Fields(val + " x")[0])
		case "Flags":
			q.Flags = strings.Fields(val)
		}
		if err != nil {
			return q, fmt.Errorf("quorumtool line %d: %q: %v", ln, line, err)
		}
	}
	return q, nil
}

// IDs are the member node ids in table order.
func (q Quorum) IDs() []uint32 {
	ids := make([]uint32, len(q.Members))
	for i, m := range q.Members {
		ids[i] = m.ID
	}
	return ids
}

// HasFlag says whether quorumtool printed flag (e.g. "WaitForAll").
func (q Quorum) HasFlag(flag string) bool { return slices.Contains(q.Flags, flag) }

// Quorum runs the flavour's `quorumtool -s` in the node and parses it.
func (n *Node) Quorum(ctx context.Context) (Quorum, error) {
	r, err := n.Tool(ctx, "quorumtool", "-s")
	if err != nil {
		return Quorum{}, err
	}
	q, err := ParseQuorum(r.Stdout)
	q.Exit = r.Exit
	if err == nil && r.Exit == 1 {
		err = fmt.Errorf("quorumtool -s exit 1: %s", strings.TrimSpace(r.Stderr))
	}
	return q, err
}

// QuorumIs is a Condition: node n's quorumtool -s satisfies pred. A tool
// error (daemon not answering yet) just means "not yet".
func (n *Node) QuorumIs(pred func(Quorum) bool) Condition {
	return func(ctx context.Context) (bool, string, error) {
		q, err := n.Quorum(ctx)
		if err != nil {
			return false, fmt.Sprintf("%s: %v", n.Name, err), nil
		}
		return pred(q), n.Name + ":\n" + q.Raw, nil
	}
}

// Ring is a predicate: exactly these members, quorate or not as asked.
func Ring(quorate bool, ids ...uint32) func(Quorum) bool {
	return func(q Quorum) bool {
		return q.Quorate == quorate && q.Nodes == len(ids) && slices.Equal(q.IDs(), ids)
	}
}

// All is a Condition that holds when every one of conds holds at once
// (evaluated in order, stopping at the first that does not).
func All(conds ...Condition) Condition {
	return func(ctx context.Context) (bool, string, error) {
		for _, c := range conds {
			ok, st, err := c(ctx)
			if err != nil || !ok {
				return false, st, err
			}
		}
		return true, "", nil
	}
}

// EachQuorum is All of n.QuorumIs(pred) over nodes.
func EachQuorum(pred func(Quorum) bool, nodes ...*Node) Condition {
	conds := make([]Condition, len(nodes))
	for i, n := range nodes {
		conds[i] = n.QuorumIs(pred)
	}
	return All(conds...)
}

// CmapGet reads one key with the flavour's `cmapctl -g KEY` and returns the
// value text after " = ".
func (n *Node) CmapGet(ctx context.Context, key string) (string, error) {
	r, err := n.Tool(ctx, "cmapctl", "-g", key)
	if err != nil {
		return "", err
	}
	if r.Exit != 0 {
		return "", fmt.Errorf("%s: cmapctl -g %s: exit %d: %s", n.Name, key, r.Exit, strings.TrimSpace(r.Stdout+r.Stderr))
	}
	_, v, ok := strings.Cut(strings.TrimRight(r.Stdout, "\n"), " = ")
	if !ok {
		return "", fmt.Errorf("%s: cmapctl -g %s: unexpected output %q", n.Name, key, r.Stdout)
	}
	return v, nil
}
