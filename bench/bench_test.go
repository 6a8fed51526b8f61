package bench_test

import (
	"runtime"
	"testing"

	"github.com/corsheaders/corsheaders/bench"
)

// BenchmarkCORS serves every scenario with every implementation, as
// BenchmarkCORS/scenario=NAME/impl=ID. go test -count=N runs each of them N
// times in a row; run.sh runs go test N times with -count=1 instead, so that
// the implementations are measured interleaved, under the same load.
func BenchmarkCORS(b *testing.B) {
	for _, s := range bench.Scenarios {
		req := s.Request()
		b.Run("scenario="+s.Name, func(b *testing.B) {
			for _, im := range bench.Impls {
				b.Run("impl="+im.ID, func(b *testing.B) {
					inst := im.Build(s.Config)
					w := bench.NewWriter()
					inst.Serve(w, req)
					// Start from a quiet heap: what building the instance
					// left behind is not this benchmark's garbage.
					runtime.GC()
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						w.Reset()
						inst.Serve(w, req)
					}
				})
			}
		})
	}
}
