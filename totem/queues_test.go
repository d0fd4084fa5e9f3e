package totem_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/sim"
)

// delivered lists the payloads node id delivered, in order.
func delivered(s *sim.Sim, id uint32) []string {
	var out []string
	for _, r := range s.Process(id).Records {
		if r.Kind == sim.RecMessage {
			out = append(out, string(r.Msg.Payload))
		}
	}
	return out
}

// A node starts waiting for the trans ack: what it queues then goes to
// the sync queue. Whatever is still there at SyncDone is sent before the
// regular queue (our deviation: Corosync would strand it until the next
// configuration change).
func TestSyncDoneSendsLeftoverSyncQueueFirst(t *testing.T) {
	s := sim.New(sim.Options{NodeIDs: []uint32{1}, Seed: 1, Net: sim.Net{MinDelay: 1, MaxDelay: 1}})
	if err := s.Start(1); err != nil {
		t.Fatal(err)
	}
	if err := s.RunFor(100); err != nil {
		t.Fatal(err)
	}
	n := s.Node(1)
	if n.State() != totem.StateOperational || !n.WaitingTransAck() {
		t.Fatalf("after start: state %s waiting %v, want OPERATIONAL and waiting", n.State(), n.WaitingTransAck())
	}
	first, err := s.Send(1) // sync queue, not sent yet
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SyncDone(1); err != nil {
		t.Fatal(err)
	}
	if n.WaitingTransAck() || n.Pending() != 1 {
		t.Fatalf("after SyncDone: waiting %v pending %d, want false and 1", n.WaitingTransAck(), n.Pending())
	}
	second, err := s.Send(1) // regular queue, behind the leftover
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunFor(2000); err != nil {
		t.Fatal(err)
	}
	if got, want := delivered(s, 1), []string{first, second}; !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
	if vs := s.Violations(); len(vs) > 0 {
		t.Fatalf("violations: %v", vs)
	}
}

// token_warning: a notice every TokenWarning% of the token timeout while
// no token arrives; 0 turns it off.
func TestTokenWarning(t *testing.T) {
	for _, c := range []struct {
		percent uint32
		want    string // first warning, "" for none
	}{
		{75, "Token has not been received in 2250 ms"},
		{50, "Token has not been received in 1500 ms"},
		{0, ""},
	} {
		s := sim.New(sim.Options{NodeIDs: []uint32{1, 2}, Seed: 1, Net: sim.Net{MinDelay: 1, MaxDelay: 1},
			Config: func(id uint32, members []uint32) totem.Config {
				cfg := totem.DefaultConfig(id, members)
				cfg.TokenWarning = c.percent
				return cfg
			}})
		var warnings []string
		s.OnLog = func(id uint32, at int64, l totem.Log) {
			if id == 1 && strings.HasPrefix(l.Text, "Token has not been received") {
				warnings = append(warnings, l.Text)
			}
		}
		for _, id := range s.IDs() {
			if err := s.Start(id); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RunFor(1000); err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 0 {
			t.Fatalf("%d%%: warnings on a healthy ring: %v", c.percent, warnings)
		}
		s.Crash(2)
		if err := s.RunFor(2990); err != nil { // token (3000) not yet lost
			t.Fatal(err)
		}
		if c.want == "" {
			if len(warnings) != 0 {
				t.Fatalf("token_warning 0: got %v", warnings)
			}
			continue
		}
		if len(warnings) == 0 || warnings[0] != c.want {
			t.Fatalf("%d%%: warnings %v, want first %q", c.percent, warnings, c.want)
		}
	}
}
