package origin

import (
	"fmt"
	"testing"
)

// Benchmarks of the Set alone at a million origins (only under -bench):
//
//	go test -run '^$' -bench Set ./core/internal/origin/

func benchSetOrigins(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://t%07d.shops.platform-example.com", i)
	}
	return out
}

var bigSet struct {
	origins []string
	set     Set
}

func millionSet() (Set, []string) {
	if bigSet.origins == nil {
		bigSet.origins = benchSetOrigins(1_000_000)
		bigSet.set = NewSet(bigSet.origins)
	}
	return bigSet.set, bigSet.origins
}

func BenchmarkSet(b *testing.B) {
	b.Run("has/1", func(b *testing.B) {
		o := benchSetOrigins(1)
		s := NewSet(o)
		for b.Loop() {
			s.Has(o[0])
		}
	})
	b.Run("has/1M", func(b *testing.B) {
		s, o := millionSet()
		for b.Loop() {
			s.Has(o[777_777])
		}
	})
	// change/1M: one origin added, then removed, in turn; the garbage a
	// change leaves is the path it copies.
	b.Run("change/1M", func(b *testing.B) {
		s, _ := millionSet()
		extra := benchSetOrigins(1_065_536)[1_000_000:]
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			o := extra[i/2%len(extra)]
			if i%2 == 0 {
				s, _ = s.With(o)
			} else {
				s, _ = s.Without(o)
			}
			i++
		}
	})
}
