package cmap

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// Writers on several goroutines with a tracker that reads the map inside its
// callback: run with -race; also checks every change was notified exactly once.
func TestConcurrentSetWithTracker(t *testing.T) {
	m := New()
	var adds, dels atomic.Int64
	_, err := m.TrackAdd("c.", TrackAdd|TrackDelete|TrackPrefix, func(ev Event, k string, n, o Value) {
		_, _ = m.Get(k)
		_ = m.Len()
		if ev == TrackAdd {
			adds.Add(1)
		} else {
			dels.Add(1)
		}
	})
	must(t, err)
	const workers, each = 4, 200
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				k := fmt.Sprintf("c.%d.%d", w, i)
				if err := m.Set(k, U32(uint32(i))); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 {
					if err := m.Delete(k); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if adds.Load() != workers*each || dels.Load() != workers*each/2 || m.Len() != workers*each/2 {
		t.Errorf("adds %d dels %d len %d", adds.Load(), dels.Load(), m.Len())
	}
}
