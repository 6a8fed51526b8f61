package otelmetrics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// With no more distinct keys than entries, the sketch counts exactly.
func TestSketchIsExactWhenEverythingFits(t *testing.T) {
	s := newSketch(8)
	want := map[string]uint64{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		k := fmt.Sprintf("https://k%d.example", rng.IntN(8))
		s.add([]byte(k))
		want[k]++
	}
	for _, c := range s.top(100) {
		if want[c.key] != c.count {
			t.Errorf("%s: %d, want %d", c.key, c.count, want[c.key])
		}
		delete(want, c.key)
	}
	if len(want) != 0 {
		t.Errorf("missing %v", want)
	}
}

// Under a flood of distinct keys, the frequent keys stay, ranked first,
// with counts at least their true ones, and the entries stay findable
// after many evictions (the table's deletions keep probing chains whole).
func TestSketchKeepsTheHeavyHitters(t *testing.T) {
	s := newSketch(32)
	heavy := map[string]uint64{"https://a.example": 3000, "https://b.example": 2000, "https://c.example": 1000}
	rng := rand.New(rand.NewPCG(3, 4))
	var stream []string
	for k, n := range heavy {
		for range n {
			stream = append(stream, k)
		}
	}
	for i := range 20000 {
		stream = append(stream, fmt.Sprintf("https://junk%d.example", i))
	}
	rng.Shuffle(len(stream), func(i, j int) { stream[i], stream[j] = stream[j], stream[i] })
	for _, k := range stream {
		s.add([]byte(k))
	}
	top := s.top(3)
	for i, want := range []string{"https://a.example", "https://b.example", "https://c.example"} {
		if top[i].key != want || top[i].count < heavy[want] {
			t.Errorf("top[%d] = %+v, want %s with at least %d", i, top[i], want, heavy[want])
		}
	}
	for e := range s.entries {
		en := &s.entries[e]
		if _, got := s.find(en.hash, en.key[:en.n]); got != int32(e) {
			t.Fatalf("entry %d (%s) not found in the table", e, en.key[:en.n])
		}
	}
	var total uint64
	for _, en := range s.entries {
		total += en.count
	}
	if total != uint64(len(stream)) {
		t.Errorf("counts sum to %d, want %d (Space-Saving keeps the total)", total, len(stream))
	}
}
