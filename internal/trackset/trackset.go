// Package trackset is the set of connections that asked an IPC service
// for notifications (quorum, votequorum and cfg trackers).
package trackset

import "sync"

// Set is safe for concurrent use; the zero value is empty and ready.
// Notifiers send to a List snapshot, so no lock is held while sending.
type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]struct{}
}

// Add puts x in the set and reports whether it was not there before.
func (s *Set[T]) Add(x T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[x]; ok {
		return false
	}
	if s.m == nil {
		s.m = map[T]struct{}{}
	}
	s.m[x] = struct{}{}
	return true
}

// Remove takes x out of the set and reports whether it was there.
func (s *Set[T]) Remove(x T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[x]
	delete(s.m, x)
	return ok
}

// List is a snapshot of the members, in no particular order.
func (s *Set[T]) List() []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]T, 0, len(s.m))
	for x := range s.m {
		out = append(out, x)
	}
	return out
}
