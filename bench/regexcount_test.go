package bench_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/bench"
	"github.com/corsheaders/corsheaders/core"
)

// BenchmarkRegexCount measures what AllowedOriginRegexes cost per request
// as their number grows (docs/behaviour.md, "Regexes"). Each regex runs on
// its own, and only when the origin starts and ends with the literal text
// the regex requires ("affixed"); a regex without such text ("plain", here
// case-insensitive) runs on every origin that reaches the regexes.
func BenchmarkRegexCount(b *testing.B) {
	for _, kind := range []string{"affixed", "plain"} {
		for _, n := range []int{1, 10, 100} {
			cfg := core.Config{}
			for i := range n {
				expr := fmt.Sprintf(`https://[a-z]+\.r%d\.example\.com`, i)
				if kind == "plain" {
					expr = "(?i)" + expr
				}
				cfg.AllowedOriginRegexes = append(cfg.AllowedOriginRegexes, expr)
			}
			p := core.MustPolicy(cfg)
			for _, tc := range []struct{ name, origin string }{
				{"last matches", fmt.Sprintf("https://app.r%d.example.com", n-1)},
				{"none matches", "https://app.other.example.com"},
			} {
				r, _ := http.NewRequest(http.MethodGet, "http://api.example.test/", nil)
				r.Header.Set("Origin", tc.origin)
				req := core.Request{Method: r.Method, Path: r.URL.Path, Origin: r.Header["Origin"], HTTP: r}
				if got := core.HandleRequest(p, bench.Discard{}, &req).Allowed(); got != (tc.name == "last matches") {
					b.Fatalf("%s: allowed %v", tc.name, got)
				}
				b.Run(fmt.Sprintf("%s/%d/%s", kind, n, tc.name), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						core.HandleRequest(p, bench.Discard{}, &req)
					}
				})
			}
		}
	}
}
