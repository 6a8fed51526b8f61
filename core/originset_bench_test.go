package core_test

import (
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

// Benchmarks of origins at SaaS scale: a million exact origins, one or a
// few per tenant. They run only under -bench (each builds a million-origin
// policy, about a second and 100 MB):
//
//	go test -run '^$' -bench OriginsAtScale -benchtime 1x ./core/     (build, heap)
//	go test -run '^$' -bench 'OriginsAtScale/(change|decide)' ./core/

// scaleOrigin is tenant i's origin, 41 bytes for i < 10,000,000.
func scaleOrigin(i int) string { return fmt.Sprintf("https://t%07d.shops.platform-example.com", i) }

func scaleOrigins(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = scaleOrigin(i)
	}
	return out
}

var scale = struct {
	once    sync.Once
	origins []string
	policy  *core.Policy
}{}

const scaleN = 1_000_000

// scalePolicy is the million-origin policy the benchmarks share.
func scalePolicy(b *testing.B) *core.Policy {
	scale.once.Do(func() {
		scale.origins = scaleOrigins(scaleN)
		scale.policy = core.MustPolicy(core.Config{AllowedOrigins: scale.origins, AllowCredentials: true})
	})
	return scale.policy
}

func BenchmarkOriginsAtScale(b *testing.B) {
	b.Run("build/1M", func(b *testing.B) {
		origins := scaleOrigins(scaleN)
		cfg := core.Config{AllowedOrigins: origins, AllowCredentials: true}
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := core.NewPolicy(cfg); err != nil {
				b.Fatal(err)
			}
		}
		// The process's CPU time, GC included: the clock counts the time
		// other processes took too.
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	})
	// heap/1M: the policy's live heap after GC, per origin and as a
	// multiple of the origins' own bytes (the config's strings, alive
	// before and after, are not counted).
	b.Run("heap/1M", func(b *testing.B) {
		origins := scaleOrigins(scaleN)
		bytes := 0
		for _, o := range origins {
			bytes += len(o)
		}
		var p *core.Policy
		var before, after runtime.MemStats
		for b.Loop() {
			p = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
			var err error
			p, err = core.NewPolicy(core.Config{AllowedOrigins: origins, AllowCredentials: true})
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		b.ReportMetric(live/scaleN, "heapB/origin")
		b.ReportMetric(float64(bytes)/scaleN, "originB/origin")
		b.ReportMetric(live/float64(bytes), "heap/originB")
		runtime.KeepAlive(p)
		runtime.KeepAlive(origins)
	})
	// change/1M: one origin added or removed through Live.Update, in
	// turn (the policy copy it makes included).
	b.Run("change/1M", func(b *testing.B) {
		l := core.NewLive(scalePolicy(b))
		b.ReportAllocs()
		changes := make([][]string, 1<<16)
		for i := range changes {
			changes[i] = []string{scaleOrigin(scaleN + i)}
		}
		i := 0
		for b.Loop() {
			o := changes[i/2%len(changes)]
			var err error
			if i%2 == 0 {
				err = l.Update(o, nil)
			} else {
				err = l.Update(nil, o)
			}
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	// decide: an allowed actual request, the same origin each time, with
	// one origin listed and with a million; rotating: 4,096 origins in
	// turn, which leaves the caches cold at a million.
	b.Run("decide/1", func(b *testing.B) {
		p := core.MustPolicy(core.Config{AllowedOrigins: []string{scaleOrigin(7)}, AllowCredentials: true})
		benchScaleDecide(b, p, []string{scaleOrigin(7)})
	})
	b.Run("decide/1M", func(b *testing.B) {
		benchScaleDecide(b, scalePolicy(b), []string{scaleOrigin(777_777)})
	})
	// decide/ratio: the two above in alternating batches of 1,000, so
	// that a machine whose load changes weighs on both alike; it reports
	// each one's ns per decision and their ratio.
	b.Run("decide/ratio", func(b *testing.B) {
		p1 := core.MustPolicy(core.Config{AllowedOrigins: []string{scaleOrigin(7)}, AllowCredentials: true})
		r1 := core.NewRequest(newReq(http.MethodGet, scaleOrigin(7)))
		pm := scalePolicy(b)
		rm := core.NewRequest(newReq(http.MethodGet, scaleOrigin(777_777)))
		const batch = 1000
		var t1, tm time.Duration
		for b.Loop() {
			start := time.Now()
			for range batch {
				p1.Decide(r1)
			}
			mid := time.Now()
			for range batch {
				pm.Decide(rm)
			}
			t1, tm = t1+mid.Sub(start), tm+time.Since(mid)
		}
		b.ReportMetric(float64(t1)/float64(b.N*batch), "ns/decide-1")
		b.ReportMetric(float64(tm)/float64(b.N*batch), "ns/decide-1M")
		b.ReportMetric(float64(tm)/float64(t1), "ratio")
	})
	b.Run("decide/1M-rotating", func(b *testing.B) {
		var os []string
		for i := range 4096 {
			os = append(os, scaleOrigin(i*241))
		}
		benchScaleDecide(b, scalePolicy(b), os)
	})
	b.Run("decide/1M-refused", func(b *testing.B) {
		benchScaleDecide(b, scalePolicy(b), []string{"https://t9999999.shops.platform-example.com"})
	})
}

func benchScaleDecide(b *testing.B, p *core.Policy, origins []string) {
	reqs := make([]core.Request, len(origins))
	for i, o := range origins {
		reqs[i] = core.NewRequest(newReq(http.MethodGet, o))
		if d := p.Decide(reqs[i]); d.Kind != core.Actual {
			b.Fatalf("%q: %v", o, d.Kind)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Decide(reqs[i])
		if i++; i == len(reqs) {
			i = 0
		}
	}
}
