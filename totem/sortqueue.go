package totem

import "github.com/gorosync/gorosync/totem/wire"

// queueRTRItemsMax bounds the seqs a sort queue accepts above its head
// (QUEUE_RTR_ITEMS_SIZE_MAX).
const queueRTRItemsMax = 16384

// stored is one mcast held for ordering and retransmission: the decoded
// message and its exact datagram (re-sent verbatim on request).
type stored struct {
	m   *wire.Mcast
	raw []byte
}

// sortQueue holds received mcasts by ring sequence number, like Corosync's
// struct sq: seqs below head were released; seqs from head up to
// head+queueRTRItemsMax−1 may be stored. It also counts, per missing seq,
// how many token visits found it missing (sq_item_miss_count).
type sortQueue struct {
	head  uint32
	items map[uint32]stored
	miss  map[uint32]uint32
}

func newSortQueue(head uint32) *sortQueue {
	return &sortQueue{head: head, items: map[uint32]stored{}, miss: map[uint32]uint32{}}
}

func (q *sortQueue) reinit(head uint32) {
	q.head = head
	clear(q.items)
	clear(q.miss)
}

// inRange uses unsigned distance, so seqs below head fall out of range.
func (q *sortQueue) inRange(seq uint32) bool { return seq-q.head < queueRTRItemsMax }

func (q *sortQueue) get(seq uint32) (stored, bool) {
	if !q.inRange(seq) {
		return stored{}, false
	}
	s, ok := q.items[seq]
	return s, ok
}

func (q *sortQueue) has(seq uint32) bool { _, ok := q.get(seq); return ok }

func (q *sortQueue) add(seq uint32, s stored) {
	q.items[seq] = s
	delete(q.miss, seq)
}

// missCount records one more miss of seq and returns the total.
func (q *sortQueue) missCount(seq uint32) uint32 {
	q.miss[seq]++
	return q.miss[seq]
}

// release drops everything up to and including seq and moves head past it.
func (q *sortQueue) release(seq uint32) {
	for s := q.head; wire.SeqLTE(s, seq) && s-q.head < queueRTRItemsMax; s++ {
		delete(q.items, s)
		delete(q.miss, s)
	}
	q.head = seq + 1
}

// copyFrom makes q an independent copy of o (sq_copy).
func (q *sortQueue) copyFrom(o *sortQueue) {
	q.head = o.head
	q.items = make(map[uint32]stored, len(o.items))
	for k, v := range o.items {
		q.items[k] = v
	}
	q.miss = make(map[uint32]uint32, len(o.miss))
	for k, v := range o.miss {
		q.miss[k] = v
	}
}
