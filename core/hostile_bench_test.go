package core_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// BenchmarkHostileHeaders measures requests whose headers are as large as
// a server lets through, with the DebugLogger off and on: their cost must
// not grow with the header's size.
func BenchmarkHostileHeaders(b *testing.B) {
	acrm, acrh := "Access-Control-Request-Method", "Access-Control-Request-Headers"
	mib := strings.Repeat("A", 1<<20)
	origins := newReq(http.MethodGet, "https://evil.com/"+strings.Repeat("x", 1<<10))
	for range 1000 {
		origins.Header.Add("Origin", "https://evil.com/"+strings.Repeat("x", 1<<10))
	}
	longPath := newReq(http.MethodGet, "https://evil.com")
	longPath.URL.Path = "/" + strings.Repeat("p", 1<<20)
	cases := []struct {
		name string
		r    *http.Request
		want core.Kind
	}{
		{"1 MiB method", newReq(http.MethodOptions, benchOrigin, acrm, mib), core.PreflightRejected},
		{"1 MiB method, 8 lines", newReq(http.MethodOptions, benchOrigin, acrm, mib, acrm, mib, acrm, mib, acrm, mib, acrm, mib, acrm, mib, acrm, mib, acrm, mib), core.PreflightRejected},
		{"1 MiB request headers", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, strings.Repeat("x-a,", 1<<18)), core.PreflightRejected},
		{"1 MiB origin", newReq(http.MethodGet, "https://"+mib), core.Actual},
		{"1001 long Origin lines", origins, core.Actual},
		{"1 MiB path", longPath, core.Actual},
	}
	for _, debug := range []bool{false, true} {
		cfg := benchCfg
		name := "debug off/"
		if debug {
			cfg.DebugLogger = slog.New(slog.NewTextHandler(io.Discard, nil))
			name = "debug on/"
		}
		for _, c := range cases {
			b.Run(name+c.name, func(b *testing.B) { benchDecide(b, cfg, c.r, c.want) })
		}
	}
}
