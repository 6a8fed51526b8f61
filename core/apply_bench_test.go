package core_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// BenchmarkHandle: what an adapter on net/http pays per request, deciding
// and writing together, into a header map cleared between requests as a server's
// is. A response that gets CORS headers costs one allocation: the array its
// values live in, its own so that the application may write them in place.
func BenchmarkHandle(b *testing.B) {
	acrm, acrh := "Access-Control-Request-Method", "Access-Control-Request-Headers"
	for _, bc := range []struct {
		name string
		r    *http.Request
		vary string // the Vary a middleware in front set
	}{
		{"no origin", newReq(http.MethodGet, ""), ""},
		{"actual allowed", newReq(http.MethodGet, benchOrigin), ""},
		{"actual allowed, Vary set", newReq(http.MethodGet, benchOrigin), "Accept-Encoding"},
		{"actual disallowed", newReq(http.MethodGet, "https://evil.com"), ""},
		{"preflight accepted", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, "authorization,content-type"), ""},
		{"preflight rejected", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, "x-not-allowed"), ""},
		{"preflight from a disallowed origin", newReq(http.MethodOptions, "https://evil.example.net", acrm, "PUT", acrh, "content-type"), ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p := core.MustPolicy(benchCfg)
			h := http.Header{}
			vary := []string{bc.vary} // the merge copies it, never writes into it
			b.ReportAllocs()
			for b.Loop() {
				clear(h)
				if bc.vary != "" {
					h["Vary"] = vary
				}
				core.Handle(p, h, bc.r)
			}
		})
	}
}
