package trackset

import (
	"slices"
	"testing"
)

func TestSet(t *testing.T) {
	var s Set[int]
	if s.Remove(1) {
		t.Fatal("Remove from an empty set reported a member")
	}
	if !s.Add(1) || !s.Add(2) {
		t.Fatal("Add of a new member reported it present")
	}
	if s.Add(1) {
		t.Fatal("second Add of 1 reported it new")
	}
	l := s.List()
	slices.Sort(l)
	if !slices.Equal(l, []int{1, 2}) {
		t.Fatalf("List = %v", l)
	}
	if !s.Remove(1) || s.Remove(1) {
		t.Fatal("Remove did not report membership once")
	}
	if l := s.List(); !slices.Equal(l, []int{2}) {
		t.Fatalf("List after Remove = %v", l)
	}
}
