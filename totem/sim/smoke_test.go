package sim

import "testing"

func TestSmoke(t *testing.T) {
	s := New(Options{NodeIDs: []uint32{1, 2, 3}, Seed: 1, Net: Net{MinDelay: 1, MaxDelay: 2}})
	for _, id := range s.IDs() {
		if err := s.Start(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RunFor(5000); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, id := range s.IDs() {
		p, err := s.Send(id)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, p)
	}
	if err := s.RunFor(3000); err != nil {
		t.Fatal(err)
	}
	for _, l := range s.Trace() {
		t.Log(l)
	}
	vs := append(Check(s.Processes), s.CheckConverged()...)
	vs = append(vs, s.CheckDelivered(want)...)
	for _, v := range vs {
		t.Error(v)
	}
	t.Log("delivered datagrams", s.Delivered)
}
