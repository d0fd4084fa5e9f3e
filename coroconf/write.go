package coroconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// ErrUnwritable is wrapped by WriteConf's error when the map holds something
// no corosync.conf can produce (a value with '{' or a newline, a typed key
// the parser never creates, a key that cannot be spelled, ...).
var ErrUnwritable = errors.New("map cannot be written as corosync.conf")

// writeNodeLimit bounds the node {} sections written to reach a high
// nodelist.node.N index (every lower index needs its own section).
const writeNodeLimit = 4096

// WriteConf prints m as corosync.conf text that ParseBytes maps back to
// exactly the same keys, types and values. The text is checked by parsing it
// before anything is written; on failure nothing is written and the error
// wraps ErrUnwritable. Keys corosync adds at run time (nodelist.local_node_pos,
// runtime.*, ...) are typed in ways the parser never produces: remove them
// first.
func WriteConf(w io.Writer, m *cmap.Map) error {
	want := cmap.New()
	for k, v := range m.All("") {
		want.Set(k, v)
	}
	text, err := writeBuild(want)
	if err != nil {
		return err
	}
	got := cmap.New()
	if err := ParseBytes("<written>", text, got); err != nil {
		return fmt.Errorf("%w: the written text does not parse: %v", ErrUnwritable, err)
	}
	if d := writeDiff(want, got); d != "" {
		return fmt.Errorf("%w: %s", ErrUnwritable, d)
	}
	_, err = w.Write(text)
	return err
}

// writeDiff names the first key where two maps differ, or returns "".
func writeDiff(want, got *cmap.Map) string {
	for k, v := range want.All("") {
		g, ok := got.Get(k)
		if !ok {
			return fmt.Sprintf("key %q cannot be written", k)
		}
		if !g.Equal(v) {
			return fmt.Sprintf("key %q would read back as %s %q", k, g.Type(), writeShow(g))
		}
	}
	for k := range got.All("") {
		if _, ok := want.Get(k); !ok {
			return fmt.Sprintf("writing would add key %q", k)
		}
	}
	return ""
}

func writeShow(v cmap.Value) string {
	switch {
	case v.Type() == cmap.String:
		return v.Str()
	case v.Type().Signed():
		return strconv.FormatInt(v.Int(), 10)
	}
	return strconv.FormatUint(v.Uint(), 10)
}

// writeSection is one section of the output tree.
type writeSection struct {
	name     string
	path     string
	state    parseState
	leaves   []string // item lines
	blocks   [][]writeLine
	children []*writeSection
	byName   map[string]*writeSection
}

// writeLine is a pre-rendered line of a special block, depth relative to the
// section holding the block.
type writeLine struct {
	depth int
	text  string
}

func (s *writeSection) child(name string) *writeSection {
	if c, ok := s.byName[name]; ok {
		return c
	}
	c := &writeSection{name: name, path: parseJoin(s.path, name), state: mapSectionState(parseJoin(s.path, name), s.state)}
	if s.byName == nil {
		s.byName = map[string]*writeSection{}
	}
	s.byName[name] = c
	s.children = append(s.children, c)
	return c
}

// writeValueText renders a value as an item value, or reports that the
// parser never stores this type.
func writeValueText(v cmap.Value) (string, bool) {
	switch v.Type() {
	case cmap.String:
		return v.Str(), true
	case cmap.Uint8, cmap.Uint16, cmap.Uint32, cmap.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	case cmap.Int32:
		return strconv.FormatInt(v.Int(), 10), true
	}
	return "", false
}

// writeItemLine spells "key: value" so that the lexer reads back exactly
// key and value, or returns false. An empty key is spelled ":value" and the
// key ":" as ": value" (corosync never trims a name to nothing); when the
// usual spelling is too long the blank after the colon is dropped.
func writeItemLine(key, value string) (string, bool) {
	var forms []string
	switch key {
	case "":
		forms = []string{":" + value}
	case ":":
		forms = []string{": " + value}
	default:
		forms = []string{key + ": " + value, key + ":" + value}
	}
	for _, line := range forms {
		if strings.HasSuffix(value, "\r") {
			line += "\r" // the lexer strips one CR before the newline
		}
		if l, ok := writeLex(line); ok && l.kind == lexItem && l.name == key && l.value == value {
			return line, true
		}
	}
	return "", false
}

// writeSectionLine spells "name {" or returns false.
func writeSectionLine(name string) (string, bool) {
	line := name + " {"
	l, ok := writeLex(line)
	return line, ok && name != "" && l.kind == lexSection && l.name == name && l.value == ""
}

// writeLex runs one line through the real lexer.
func writeLex(line string) (lexLine, bool) {
	if strings.ContainsAny(line, "\n\x00") {
		return lexLine{}, false
	}
	r := &lexReader{src: []byte(line + "\n")}
	text, ok, tooLong := r.next()
	if !ok || tooLong {
		return lexLine{}, false
	}
	return lexClassify(text), true
}

// writeSimulate reports whether item line (key, text) inside a section at
// path with state st stores exactly want under wantKey.
func writeSimulate(path string, st parseState, key, text, wantKey string, want cmap.Value) bool {
	if len(path)+len(key)+1 >= cmap.KeyNameMaxLen {
		return false
	}
	scratch := cmap.New()
	p := newMainParser(scratch)
	if p.item(parseJoin(path, key), key, text, st) != "" || scratch.Len() != 1 {
		return false
	}
	got, ok := scratch.Get(wantKey)
	return ok && got.Equal(want)
}

// writeBuild lays the map out as corosync.conf text.
func writeBuild(m *cmap.Map) ([]byte, error) {
	root := &writeSection{state: stNormal}
	done := map[string]bool{}

	// Fixed order for the usual sections; others follow as they come.
	for _, n := range []string{"totem", "nodelist", "quorum", "logging", "system", "resources", "nozzle"} {
		if len(m.Keys(n+".")) > 0 {
			root.child(n)
		}
	}
	writeInterfaces(m, root, done)
	if err := writeNodes(m, root, done); err != nil {
		return nil, err
	}
	writeLoggerSubsys(m, root, done)
	uid := writeUIDGID(m, done)

	for k, v := range m.All("") {
		if done[k] {
			continue
		}
		if err := writePlace(root, k, v); err != nil {
			return nil, err
		}
	}
	if len(uid) > 0 {
		root.blocks = append(root.blocks, uid)
	}

	var b bytes.Buffer
	for _, l := range root.leaves {
		writeEmit(&b, 0, l)
	}
	for _, blk := range root.blocks {
		for _, l := range blk {
			writeEmit(&b, l.depth, l.text)
		}
	}
	for _, c := range root.children {
		writeRender(&b, c, 0)
	}
	return b.Bytes(), nil
}

// writePlace puts one generic key into the deepest nesting of sections
// that stores it unchanged (a top-level dotted key being the shallowest).
func writePlace(root *writeSection, key string, v cmap.Value) error {
	text, ok := writeValueText(v)
	if !ok {
		return fmt.Errorf("%w: key %q has type %s, which corosync.conf never produces", ErrUnwritable, key, v.Type())
	}
	pl := &writePlacer{key: key, text: text, v: v, memo: map[writePlaceAt]*writePlan{}}
	plan := pl.best(writePlaceAt{0, stNormal})
	if plan == nil {
		return fmt.Errorf("%w: key %q with value %q cannot be spelled in corosync.conf", ErrUnwritable, key, text)
	}
	s := root
	for _, name := range plan.names {
		s = s.child(name)
	}
	s.leaves = append(s.leaves, plan.leaf)
	return nil
}

// writePlaceAt is a search position: the key's text from start on is still
// to be spelled, inside sections whose state is st.
type writePlaceAt struct {
	start int
	st    parseState
}

// writePlan spells the rest of a key: section names, then the item line.
type writePlan struct {
	names []string
	leaf  string
}

// writePlacer searches the ways to split a key into section names (any run
// of its dot-separated parts, since names may hold dots) and a final item.
type writePlacer struct {
	key, text string
	v         cmap.Value
	memo      map[writePlaceAt]*writePlan
}

func (pl *writePlacer) best(at writePlaceAt) *writePlan {
	if p, ok := pl.memo[at]; ok {
		return p
	}
	pl.memo[at] = nil // no cycles: start only grows
	path := ""
	if at.start > 0 {
		path = pl.key[:at.start-1]
	}
	var best *writePlan
	leafKey := pl.key[at.start:]
	if line, ok := writeItemLine(leafKey, pl.text); ok && writeSimulate(path, at.st, leafKey, pl.text, pl.key, pl.v) {
		best = &writePlan{leaf: line}
	}
	for i := at.start; i < len(pl.key); i++ {
		if pl.key[i] != '.' {
			continue
		}
		name := pl.key[at.start:i]
		if _, ok := writeSectionLine(name); !ok || len(path)+len(name)+1 >= cmap.KeyNameMaxLen {
			continue
		}
		st := mapSectionState(pl.key[:i], at.st)
		if !writeGenericState(st) {
			continue
		}
		sub := pl.best(writePlaceAt{i + 1, st})
		if sub != nil && (best == nil || len(sub.names)+1 > len(best.names)) {
			best = &writePlan{names: append([]string{name}, sub.names...), leaf: sub.leaf}
		}
	}
	pl.memo[at] = best
	return best
}

// writeGenericState reports states whose sections can hold generic items:
// items are stored purely by path and closing the section has no effect. An
// interface {} section qualifies as long as it holds none of the keys it
// collects (the simulation of each item rejects those): its flush then
// stores nothing.
func writeGenericState(st parseState) bool {
	switch st {
	case stNormal, stTotem, stInterface, stQuorum, stQdevice, stNodelist, stSystem,
		stResources, stResourcesSystem, stResourcesSystemMemused,
		stResourcesProcess, stResourcesProcessMemused:
		return true
	}
	return false
}

func writeEmit(b *bytes.Buffer, depth int, line string) {
	ind := strings.Repeat("\t", depth)
	if len(ind)+len(line) > lexBufSize-2 {
		ind = "" // indentation is optional; keep long lines within the limit
	}
	b.WriteString(ind)
	b.WriteString(line)
	b.WriteByte('\n')
}

func writeRender(b *bytes.Buffer, s *writeSection, depth int) {
	head, _ := writeSectionLine(s.name)
	writeEmit(b, depth, head)
	for _, l := range s.leaves {
		writeEmit(b, depth+1, l)
	}
	for _, blk := range s.blocks {
		for _, l := range blk {
			writeEmit(b, depth+1+l.depth, l.text)
		}
	}
	for _, c := range s.children {
		writeRender(b, c, depth+1)
	}
	writeEmit(b, depth, "}")
}

// writeCanonUint parses a decimal index exactly as "%u" prints it.
func writeCanonUint(s string, max uint64) (uint64, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > max {
		return 0, false
	}
	return n, true
}

// writeInterfaces claims totem.interface.<link>.<key> values that an
// interface {} section produces and renders one section per link.
func writeInterfaces(m *cmap.Map, root *writeSection, done map[string]bool) {
	type link struct {
		items   []string
		keys    []string
		members map[uint64]string
	}
	links := map[uint64]*link{}
	var order []uint64
	for k, v := range m.All("totem.interface.") {
		rest := k[len("totem.interface."):]
		ln, sub, ok := strings.Cut(rest, ".")
		if !ok {
			continue
		}
		n, ok := writeCanonUint(ln, math.MaxUint8)
		if !ok {
			continue
		}
		L := links[n]
		if L == nil {
			L = &link{members: map[uint64]string{}}
			links[n] = L
			order = append(order, n)
		}
		if ms, ok := strings.CutPrefix(sub, "member."); ok && v.Type() == cmap.String {
			if mi, ok := writeCanonUint(ms, math.MaxUint32); ok {
				L.members[mi] = k
			}
			continue
		}
		if !writeInterfaceValue(sub, v) {
			continue
		}
		text, _ := writeValueText(v)
		line, ok := writeItemLine(sub, text)
		if !ok {
			continue
		}
		L.items = append(L.items, line)
		L.keys = append(L.keys, k)
	}
	slices.Sort(order)
	for _, n := range order {
		L := links[n]
		var blk []writeLine
		blk = append(blk, writeLine{0, "interface {"}, writeLine{1, fmt.Sprintf("linknumber: %d", n)})
		for _, l := range L.items {
			blk = append(blk, writeLine{1, l})
		}
		claimed := slices.Clone(L.keys)
		// Members must be numbered 0..K-1; they are read back last-first.
		if mem := writeMembers(m, L.members); mem != nil {
			for _, l := range mem.lines {
				blk = append(blk, writeLine{1 + l.depth, l.text})
			}
			claimed = append(claimed, mem.keys...)
		}
		if len(claimed) == 0 {
			continue
		}
		for _, k := range claimed {
			done[k] = true
		}
		root.child("totem").blocks = append(root.child("totem").blocks, append(blk, writeLine{0, "}"}))
	}
}

type writeMemberBlock struct {
	lines []writeLine
	keys  []string
}

func writeMembers(m *cmap.Map, members map[uint64]string) *writeMemberBlock {
	if len(members) == 0 {
		return nil
	}
	for i := range uint64(len(members)) {
		if _, ok := members[i]; !ok {
			return nil
		}
	}
	mb := &writeMemberBlock{lines: []writeLine{{0, "member {"}}}
	for i := len(members) - 1; i >= 0; i-- {
		k := members[uint64(i)]
		v, _ := m.Get(k)
		line, ok := writeItemLine("memberaddr", v.Str())
		if !ok {
			return nil
		}
		mb.lines = append(mb.lines, writeLine{1, line})
		mb.keys = append(mb.keys, k)
	}
	mb.lines = append(mb.lines, writeLine{0, "}"})
	return mb
}

// writeInterfaceValue reports whether an interface {} item produces key sub
// with exactly this type and value.
func writeInterfaceValue(sub string, v cmap.Value) bool {
	switch sub {
	case "bindnetaddr", "mcastaddr", "broadcast", "knet_transport":
		return v.Type() == cmap.String
	case "mcastport":
		return v.Type() == cmap.Uint16
	case "ttl", "knet_link_priority":
		return v.Type() == cmap.Uint8
	case "knet_ping_interval", "knet_ping_timeout", "knet_ping_precision", "knet_pong_count":
		// Values above INT_MAX are dropped by corosync, so never appear.
		return v.Type() == cmap.Uint32 && v.Uint() <= math.MaxInt32
	}
	return false
}

// writeNodes claims nodelist.node.<N>.<key> values and renders node {}
// sections 0..max inside nodelist {}.
func writeNodes(m *cmap.Map, root *writeSection, done map[string]bool) error {
	nodes := map[uint64][]string{}
	var keys = map[uint64][]string{}
	max := int64(-1)
	for k, v := range m.All("nodelist.node.") {
		rest := k[len("nodelist.node."):]
		ns, sub, ok := strings.Cut(rest, ".")
		if !ok {
			continue
		}
		n, ok := writeCanonUint(ns, writeNodeLimit)
		if !ok {
			continue
		}
		text, ok := writeValueText(v)
		if !ok {
			continue
		}
		line, ok := writeItemLine(sub, text)
		if !ok || mapCut(k) != k {
			continue
		}
		scratch := cmap.New()
		p := newMainParser(scratch)
		p.nodeNumber = uint32(n)
		if p.item("nodelist.node."+sub, sub, text, stNodelistNode) != "" || len("nodelist.node")+len(sub)+1 >= cmap.KeyNameMaxLen {
			continue
		}
		if got, ok := scratch.Get(k); !ok || !got.Equal(v) || scratch.Len() != 1 {
			continue
		}
		nodes[n] = append(nodes[n], line)
		keys[n] = append(keys[n], k)
		if int64(n) > max {
			max = int64(n)
		}
	}
	if max < 0 {
		return nil
	}
	var blk []writeLine
	for n := range uint64(max + 1) {
		blk = append(blk, writeLine{0, "node {"})
		for _, l := range nodes[n] {
			blk = append(blk, writeLine{1, l})
		}
		blk = append(blk, writeLine{0, "}"})
		for _, k := range keys[n] {
			done[k] = true
		}
	}
	nl := root.child("nodelist")
	nl.blocks = append(nl.blocks, blk)
	return nil
}

// writeLoggerSubsys claims logging.logger_subsys.<S>.* keys of every subsys S
// whose ".subsys" key holds S and renders logger_subsys {} sections.
func writeLoggerSubsys(m *cmap.Map, root *writeSection, done map[string]bool) {
	const pre = "logging.logger_subsys."
	var groups []string
	for k, v := range m.All(pre) {
		s, ok := strings.CutSuffix(k[len(pre):], ".subsys")
		if ok && v.Type() == cmap.String && v.Str() == s && mapCut(k) == k {
			groups = append(groups, s)
		}
	}
	// Longest subsys first, so "a.b" keeps its keys before "a" sees them.
	slices.SortStableFunc(groups, func(a, b string) int { return len(b) - len(a) })
	items := map[string][]string{}
	for k, v := range m.All(pre) {
		for _, s := range groups {
			sub, ok := strings.CutPrefix(k, pre+s+".")
			if !ok || v.Type() != cmap.String {
				continue
			}
			if sub == "subsys" {
				break // the group's own subsys line, written below
			}
			line, ok := writeItemLine(sub, v.Str())
			if !ok || mapCut(k) != k || len("logging.logger_subsys")+len(sub)+1 >= cmap.KeyNameMaxLen {
				continue
			}
			items[s] = append(items[s], line)
			done[k] = true
			break
		}
	}
	slices.Sort(groups)
	for _, s := range groups {
		head, ok := writeItemLine("subsys", s)
		if !ok {
			continue
		}
		blk := []writeLine{{0, "logger_subsys {"}, {1, head}}
		for _, l := range items[s] {
			blk = append(blk, writeLine{1, l})
		}
		blk = append(blk, writeLine{0, "}"})
		done[pre+s+".subsys"] = true
		lg := root.child("logging")
		lg.blocks = append(lg.blocks, blk)
	}
}

// writeUIDGID claims uidgid.config.{uid,gid}.<id> = u8 1 keys and renders
// them as numeric ids in one uidgid {} section.
func writeUIDGID(m *cmap.Map, done map[string]bool) []writeLine {
	var blk []writeLine
	for k, v := range m.All("uidgid.config.") {
		kind, id, ok := strings.Cut(k[len("uidgid.config."):], ".")
		if !ok || (kind != "uid" && kind != "gid") || v.Type() != cmap.Uint8 || v.Uint() != 1 {
			continue
		}
		if _, ok := writeCanonUint(id, math.MaxUint32-1); !ok {
			continue
		}
		blk = append(blk, writeLine{1, kind + ": " + id})
		done[k] = true
	}
	if blk == nil {
		return nil
	}
	return append(append([]writeLine{{0, "uidgid {"}}, blk...), writeLine{0, "}"})
}
