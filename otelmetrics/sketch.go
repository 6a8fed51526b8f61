package otelmetrics

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"slices"
	"sync"
)

// A sketch counts the most frequent keys of a stream in fixed memory: the
// Space-Saving algorithm (Metwally, Agrawal and El Abbadi, 2005). It keeps
// k entries; a key not among them replaces the entry with the smallest
// count and inherits that count plus one. A key more frequent than 1/k of
// the stream is always kept, and a count exceeds the truth by at most the
// count the entry inherited. Adding a key allocates nothing: keys live in
// the entries' own arrays, found through an open-addressing table.
type sketch struct {
	mu      sync.Mutex
	seed    maphash.Seed
	entries []entry // at most cap(entries)
	heap    []int32 // entry indexes, a min-heap by count
	table   []int32 // entry indexes by hash, linear probing; -1 is empty
}

type entry struct {
	hash  uint64
	count uint64
	pos   int32 // in heap
	n     uint16
	key   [maxOrigin]byte
}

func newSketch(k int) *sketch {
	size := 1
	for size < 2*k {
		size *= 2
	}
	s := &sketch{seed: maphash.MakeSeed(), entries: make([]entry, 0, k), heap: make([]int32, 0, k), table: make([]int32, size)}
	for i := range s.table {
		s.table[i] = -1
	}
	return s
}

// addOrigin counts a refused request from origin, as its normal form or
// as malformed.
func (s *sketch) addOrigin(origin string) {
	var buf [maxOrigin]byte
	n := normalOrigin(&buf, origin)
	if n == 0 {
		n = copy(buf[:], malformed)
	}
	s.add(buf[:n])
}

// add counts key once; len(key) ≤ maxOrigin.
func (s *sketch) add(key []byte) {
	h := maphash.Bytes(s.seed, key)
	s.mu.Lock()
	defer s.mu.Unlock()
	slot, e := s.find(h, key)
	switch {
	case e >= 0:
		s.entries[e].count++
		s.down(int(s.entries[e].pos))
		return
	case len(s.entries) < cap(s.entries):
		e = int32(len(s.entries))
		s.entries = append(s.entries, entry{count: 1, pos: int32(len(s.heap))})
		s.heap = append(s.heap, e)
		s.up(len(s.heap) - 1)
	default:
		// Replace the entry with the smallest count, the heap's root.
		e = s.heap[0]
		s.remove(e)
		slot, _ = s.find(h, key)
		s.entries[e].count++
		defer s.down(0)
	}
	en := &s.entries[e]
	en.hash, en.n = h, uint16(copy(en.key[:], key))
	s.table[slot] = e
}

// find returns the table slot of key and its entry, or the empty slot
// where it goes and -1.
func (s *sketch) find(h uint64, key []byte) (int, int32) {
	mask := len(s.table) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		e := s.table[i]
		if e < 0 {
			return i, -1
		}
		if en := &s.entries[e]; en.hash == h && bytes.Equal(en.key[:en.n], key) {
			return i, e
		}
	}
}

// remove takes entry e out of the table, moving back the entries after it
// that would no longer be found (deletion without tombstones).
func (s *sketch) remove(e int32) {
	mask := len(s.table) - 1
	i := int(s.entries[e].hash) & mask
	for s.table[i] != e {
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; s.table[j] >= 0; j = (j + 1) & mask {
		home := int(s.entries[s.table[j]].hash) & mask
		// The entry at j may move to i unless its home lies cyclically
		// in (i, j].
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			s.table[i] = s.table[j]
			i = j
		}
	}
	s.table[i] = -1
}

func (s *sketch) less(a, b int) bool {
	return s.entries[s.heap[a]].count < s.entries[s.heap[b]].count
}

func (s *sketch) swap(a, b int) {
	s.heap[a], s.heap[b] = s.heap[b], s.heap[a]
	s.entries[s.heap[a]].pos = int32(a)
	s.entries[s.heap[b]].pos = int32(b)
}

func (s *sketch) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *sketch) down(i int) {
	for {
		l, small := 2*i+1, i
		if l < len(s.heap) && s.less(l, small) {
			small = l
		}
		if r := l + 1; r < len(s.heap) && s.less(r, small) {
			small = r
		}
		if small == i {
			return
		}
		s.swap(i, small)
		i = small
	}
}

// A counted key is one entry of top.
type counted struct {
	key   string
	count uint64
}

// top returns the n entries of largest count, the largest first (ties by
// key, so that the choice is stable).
func (s *sketch) top(n int) []counted {
	s.mu.Lock()
	all := make([]counted, len(s.entries))
	for i := range s.entries {
		en := &s.entries[i]
		all[i] = counted{string(en.key[:en.n]), en.count}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b counted) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	return all[:min(n, len(all))]
}
