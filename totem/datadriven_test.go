package totem_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/sim"
)

// TestScenarios runs the scripts in testdata/ against the simulator with
// Corosync's default timers and a loss-free network, printing what each
// node logs (notices), delivers and installs. Rewrite with -rewrite.
//
// Commands:
//
//	cluster nodes=(1,2,3) [delay=1] [token=3000] [sync=never|immediate|barrier]
//	start 1 [2 ...] [ringseq=N]
//	run ms=N                 advance virtual time, print what happened
//	send 1 [2 ...] [count=N] [guarantee=safe]
//	                         queue application messages ("n<id>.<inc>.<k>")
//	syncdone 1 [2 ...]       the sync layer acknowledges (totem.SyncDone)
//	queues                   trans-ack state and queued messages per node
//	partition 1 2 | 3        split the network (| separates groups)
//	heal | crash 2 | leave 2
//	net [drop=P] [dup=P] [delay=MS] [lossy=ID] [lossydrop=P] [selfdelay=MS]
//	    [linkdelay=(FROM>TO:MS,...)]   extra delay on some directed links
//	status                   state, ring, members and stored ring seq per node
func TestScenarios(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var s *sim.Sim
		var out []string
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "cluster" && s == nil {
				d.Fatalf(t, "no cluster yet")
			}
			switch d.Cmd {
			case "cluster":
				var ids []uint32
				var raw []string
				d.ScanArgs(t, "nodes", &raw)
				for _, r := range raw {
					ids = append(ids, parseID(t, d, r))
				}
				delay := int64(1)
				if d.HasArg("delay") {
					d.ScanArgs(t, "delay", &delay)
				}
				token := 0
				if d.HasArg("token") {
					d.ScanArgs(t, "token", &token)
				}
				syncMode := sim.SyncNever
				if d.HasArg("sync") {
					var m string
					d.ScanArgs(t, "sync", &m)
					switch m {
					case "never":
					case "immediate":
						syncMode = sim.SyncImmediate
					case "barrier":
						syncMode = sim.SyncBarrier
					default:
						d.Fatalf(t, "unknown sync mode %q", m)
					}
				}
				s = sim.New(sim.Options{
					NodeIDs: ids,
					Seed:    1,
					Net:     sim.Net{MinDelay: delay, MaxDelay: delay},
					Sync:    syncMode,
					Config: func(id uint32, members []uint32) totem.Config {
						c := totem.DefaultConfig(id, members)
						if token > 0 {
							c.SetToken(uint32(token))
						}
						return c
					},
				})
				s.OnLog = func(id uint32, at int64, l totem.Log) {
					if l.Level >= totem.LogNotice {
						out = append(out, fmt.Sprintf("%6d n%d: %s", at, id, l.Text))
					}
				}
				s.OnUpcall = func(p *sim.Process, r sim.Record) {
					if r.Kind == sim.RecConf {
						out = append(out, fmt.Sprintf("%6d n%d: confchg %s", r.At, p.Node, r.Conf))
					} else {
						m := r.Msg
						safe := ""
						if m.Guarantee == totem.GuaranteeSafe {
							safe = " SAFE"
						}
						out = append(out, fmt.Sprintf("%6d n%d: deliver%s %s from %d (ring %s seq %d)", r.At, p.Node, safe, m.Payload, m.Sender, m.Ring, m.Seq))
					}
				}
				c := totem.DefaultConfig(ids[0], ids)
				return fmt.Sprintf("token=%d token_retransmit=%d hold=%d consensus=%d join=%d merge=%d",
					pick(token, c.Token), retransmitFor(token, c), holdFor(token, c), consensusFor(token, c), c.Join, c.Merge)
			case "start":
				ring := uint64(0)
				for _, a := range d.CmdArgs {
					if a.Key == "ringseq" {
						d.ScanArgs(t, "ringseq", &ring)
					}
				}
				for _, id := range nodeArgs(t, d) {
					if d.HasArg("ringseq") {
						s.SetPersisted(id, ring)
					}
					if err := s.Start(id); err != nil {
						d.Fatalf(t, "%v", err)
					}
				}
				return ""
			case "run":
				var ms int64
				d.ScanArgs(t, "ms", &ms)
				out = out[:0]
				if err := s.RunFor(ms); err != nil {
					d.Fatalf(t, "%v", err)
				}
				if len(out) == 0 {
					return "(nothing)"
				}
				return strings.Join(out, "\n")
			case "send":
				count := 1
				if d.HasArg("count") {
					d.ScanArgs(t, "count", &count)
				}
				g := totem.GuaranteeAgreed
				if d.HasArg("guarantee") {
					var v string
					d.ScanArgs(t, "guarantee", &v)
					switch v {
					case "agreed":
					case "safe":
						g = totem.GuaranteeSafe
					default:
						d.Fatalf(t, "unknown guarantee %q", v)
					}
				}
				var sent []string
				for range count {
					for _, id := range nodeArgs(t, d) {
						p, err := s.SendGuarantee(id, g)
						if err != nil {
							d.Fatalf(t, "%v", err)
						}
						sent = append(sent, p)
					}
				}
				return "queued " + strings.Join(sent, " ")
			case "partition":
				var groups [][]uint32
				cur := []uint32{}
				for _, a := range d.CmdArgs {
					if a.Key == "|" {
						groups = append(groups, cur)
						cur = []uint32{}
						continue
					}
					cur = append(cur, parseID(t, d, a.Key))
				}
				groups = append(groups, cur)
				s.Partition(groups...)
				return ""
			case "net":
				n := sim.Net{MinDelay: 1, MaxDelay: 1}
				for _, a := range d.CmdArgs {
					switch a.Key {
					case "drop":
						d.ScanArgs(t, "drop", &n.Drop)
					case "dup":
						d.ScanArgs(t, "dup", &n.Dup)
					case "delay":
						d.ScanArgs(t, "delay", &n.MaxDelay)
						n.MinDelay = n.MaxDelay
					case "lossy":
						var id uint64
						d.ScanArgs(t, "lossy", &id)
						n.LossyNode = uint32(id)
					case "lossydrop":
						d.ScanArgs(t, "lossydrop", &n.LossyDrop)
					case "selfdelay":
						d.ScanArgs(t, "selfdelay", &n.SelfDelay)
					case "linkdelay":
						n.LinkDelay = map[[2]uint32]int64{}
						for _, v := range a.Vals {
							var from, to uint32
							var ms int64
							if _, err := fmt.Sscanf(v, "%d>%d:%d", &from, &to, &ms); err != nil {
								d.Fatalf(t, "linkdelay %q: want FROM>TO:MS: %v", v, err)
							}
							n.LinkDelay[[2]uint32{from, to}] = ms
						}
					default:
						d.Fatalf(t, "unknown net argument %q", a.Key)
					}
				}
				s.SetNet(n)
				return ""
			case "heal":
				s.Heal()
				return ""
			case "syncdone":
				for _, id := range nodeArgs(t, d) {
					if err := s.SyncDone(id); err != nil {
						d.Fatalf(t, "%v", err)
					}
				}
				return ""
			case "queues":
				var lines []string
				for _, id := range s.IDs() {
					n := s.Node(id)
					if n == nil {
						lines = append(lines, fmt.Sprintf("n%d: down", id))
						continue
					}
					lines = append(lines, fmt.Sprintf("n%d: waiting_trans_ack=%v pending=%d", id, n.WaitingTransAck(), n.Pending()))
				}
				for _, v := range s.Violations() {
					lines = append(lines, "VIOLATION "+v.String())
				}
				return strings.Join(lines, "\n")
			case "crash":
				for _, id := range nodeArgs(t, d) {
					s.Crash(id)
				}
				return ""
			case "leave":
				for _, id := range nodeArgs(t, d) {
					if err := s.Leave(id); err != nil {
						d.Fatalf(t, "%v", err)
					}
				}
				return ""
			case "status":
				var lines []string
				for _, id := range s.IDs() {
					n := s.Node(id)
					if n == nil {
						lines = append(lines, fmt.Sprintf("n%d: down, stored ringseq %d", id, s.Persisted(id)))
						continue
					}
					lines = append(lines, fmt.Sprintf("n%d: %s ring %s members %v, stored ringseq %d (0x%x)",
						id, n.State(), n.RingID(), n.Members(), s.Persisted(id), s.Persisted(id)))
				}
				if vs := sim.Check(s.Processes); len(vs) > 0 {
					for _, v := range vs {
						lines = append(lines, "VIOLATION "+v.String())
					}
				}
				return strings.Join(lines, "\n")
			}
			d.Fatalf(t, "unknown command %q", d.Cmd)
			return ""
		})
	})
}

func nodeArgs(t *testing.T, d *datadriven.TestData) []uint32 {
	var ids []uint32
	for _, a := range d.CmdArgs {
		if len(a.Vals) == 0 {
			ids = append(ids, parseID(t, d, a.Key))
		}
	}
	if len(ids) == 0 {
		d.Fatalf(t, "%s needs node ids", d.Cmd)
	}
	return ids
}

func parseID(t *testing.T, d *datadriven.TestData, s string) uint32 {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil || v == 0 {
		d.Fatalf(t, "bad node id %q", s)
	}
	return uint32(v)
}

func pick(v int, def uint32) uint32 {
	if v > 0 {
		return uint32(v)
	}
	return def
}

func derived(token int, c totem.Config) totem.Config {
	if token > 0 {
		c.SetToken(uint32(token))
	}
	return c
}

func retransmitFor(token int, c totem.Config) uint32 { return derived(token, c).TokenRetransmit }
func holdFor(token int, c totem.Config) uint32       { return derived(token, c).Hold }
func consensusFor(token int, c totem.Config) uint32  { return derived(token, c).Consensus }
