package core_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// Benchmarks of Policy.Decide alone. Every one must report 0 allocs/op.

func benchDecide(b *testing.B, cfg core.Config, r *http.Request, want core.Kind) {
	b.Helper()
	p, err := core.NewPolicy(cfg)
	if err != nil {
		b.Fatal(err)
	}
	req := core.NewRequest(r)
	if d := p.Decide(req); d.Kind != want {
		b.Fatalf("kind %v (%v), want %v", d.Kind, d.Reason, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p.Decide(req)
	}
}

func newReq(method, origin string, kv ...string) *http.Request {
	r, err := http.NewRequest(method, "http://api.example.test/api/items", nil)
	if err != nil {
		panic(err)
	}
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Add(kv[i], kv[i+1])
	}
	return r
}

const benchOrigin = "https://app.example.com"

var benchCfg = core.Config{AllowedOrigins: []string{benchOrigin}, AllowCredentials: true, ExposeHeaders: []string{"X-Request-Id"}}

func BenchmarkDecide(b *testing.B) {
	acrm := "Access-Control-Request-Method"
	acrh := "Access-Control-Request-Headers"
	b.Run("no origin", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodGet, ""), core.NotCORS)
	})
	b.Run("actual allowed", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodGet, benchOrigin), core.Actual)
	})
	b.Run("actual disallowed", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodGet, "https://evil.com"), core.Actual)
	})
	b.Run("preflight accepted", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, "authorization,content-type"), core.PreflightAccepted)
	})
	b.Run("preflight rejected", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, "x-not-allowed"), core.PreflightRejected)
	})
	b.Run("1000 origins, last allowed", func(b *testing.B) {
		cfg := core.Config{}
		for i := range 1000 {
			cfg.AllowedOrigins = append(cfg.AllowedOrigins, fmt.Sprintf("https://app%d.example.com", i))
		}
		benchDecide(b, cfg, newReq(http.MethodGet, "https://app999.example.com"), core.Actual)
	})
	b.Run("100 subdomain patterns", func(b *testing.B) {
		cfg := core.Config{}
		for i := range 100 {
			cfg.AllowedOrigins = append(cfg.AllowedOrigins, fmt.Sprintf("https://*.tenant%d.example.com", i))
		}
		benchDecide(b, cfg, newReq(http.MethodGet, "https://a.b.tenant99.example.com"), core.Actual)
	})
	b.Run("10 regexes, last matches", func(b *testing.B) {
		cfg := core.Config{}
		for i := range 10 {
			cfg.AllowedOriginRegexes = append(cfg.AllowedOriginRegexes, fmt.Sprintf(`https://[a-z]+\.r%d\.example\.com`, i))
		}
		benchDecide(b, cfg, newReq(http.MethodGet, "https://app.r9.example.com"), core.Actual)
	})
	b.Run("allow all", func(b *testing.B) {
		benchDecide(b, core.Config{AllowAllOrigins: true}, newReq(http.MethodGet, benchOrigin), core.Actual)
	})
	b.Run("upper-case origin", func(b *testing.B) {
		benchDecide(b, benchCfg, newReq(http.MethodGet, strings.ToUpper(benchOrigin)), core.Actual)
	})
	hostile := func(name string, r *http.Request, want core.Kind) {
		b.Run("hostile/"+name, func(b *testing.B) { benchDecide(b, benchCfg, r, want) })
	}
	hostile("1 MiB of commas", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, strings.Repeat(",", 1<<20)), core.PreflightRejected)
	hostile("1 MiB of spaces", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, strings.Repeat(" ", 1<<20)), core.PreflightRejected)
	hostile("1 MiB of repeated names", newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, strings.Repeat("content-type,", 1<<20/13)), core.PreflightRejected)
	lines := newReq(http.MethodOptions, benchOrigin, acrm, "PUT")
	origins := newReq(http.MethodGet, benchOrigin)
	for range 1000 {
		lines.Header.Add(acrh, "content-type")
		origins.Header.Add("Origin", benchOrigin)
	}
	hostile("1000 request-headers lines", lines, core.PreflightRejected)
	hostile("1000 Origin lines", origins, core.Actual)
	hostile("10 kB origin", newReq(http.MethodGet, "https://"+strings.Repeat("a", 10_000)+".example.com"), core.Actual)
}

// TestDecideAllocatesNothing pins the benchmarks' 0 allocs/op in the test
// suite, so a regression fails `make test`, not only a benchmark run; and
// Apply's cost for the same decisions: one array, 16 bytes a line, for a
// response that gets CORS headers (the application may write them in
// place, so they are the response's own).
func TestDecideAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	p, err := core.NewPolicy(core.Config{
		AllowedOrigins:       []string{benchOrigin, "https://*.tenant.example.com", "http://localhost:*"},
		AllowedOriginRegexes: []string{`https://[a-z]+\.r\.example\.com`},
		AllowCredentials:     true,
		AllowPrivateNetwork:  true,
		ExposeHeaders:        []string{"X-Request-Id"},
		AllowHeaders:         []string{"*", "authorization"},
		AllowMethods:         []string{"*"},
		CheckRequest:         []func(*http.Request) bool{func(*http.Request) bool { return false }},
	})
	if err != nil {
		t.Fatal(err)
	}
	acrm, acrh := "Access-Control-Request-Method", "Access-Control-Request-Headers"
	for _, r := range []*http.Request{
		newReq(http.MethodGet, ""),
		newReq(http.MethodGet, benchOrigin),
		newReq(http.MethodGet, "https://x.y.tenant.example.com"),
		newReq(http.MethodGet, "http://localhost:3000"),
		newReq(http.MethodGet, "https://abc.r.example.com"),
		newReq(http.MethodGet, "https://evil.com"),
		newReq(http.MethodGet, "null"),
		newReq(http.MethodOptions, benchOrigin, acrm, "PURGE", acrh, "authorization,x-a,x-b", "Access-Control-Request-Private-Network", "true"),
		newReq(http.MethodOptions, "https://evil.com", acrm, "PUT"),
		newReq(http.MethodOptions, benchOrigin, acrm, "PUT", acrh, strings.Repeat(",", 1<<20)),
		// Upper case and default ports, which some clients other than
		// browsers send: lowered into a pooled buffer, not a new string.
		newReq(http.MethodGet, "HTTPS://APP.EXAMPLE.COM"),
		newReq(http.MethodGet, "https://app.example.com:443"),
		newReq(http.MethodGet, "HTTPS://App.Example.Com:443"),
		newReq(http.MethodGet, "HTTPS://X.Y.TENANT.EXAMPLE.COM:443"),
		newReq(http.MethodGet, "HTTP://LOCALHOST:3000"),
		newReq(http.MethodGet, "HTTPS://ABC.R.EXAMPLE.COM"),
		newReq(http.MethodGet, "HTTP://[FE80::1]:80"),
		newReq(http.MethodGet, "A0000://0000000000000000000000000"),
		newReq(http.MethodGet, "HTTPS://"+strings.Repeat("A", 63)+"."+strings.Repeat("B", 63)+".EXAMPLE.COM"),
		newReq(http.MethodOptions, "HTTPS://APP.EXAMPLE.COM:443", acrm, "PUT", acrh, "authorization"),
	} {
		req := core.NewRequest(r)
		allocs := testing.AllocsPerRun(100, func() { p.Decide(req) })
		if allocs != 0 {
			t.Errorf("%s %q: %v allocs per Decide", r.Method, r.Header.Get("Origin"), allocs)
		}
		checkApplyCost(t, r.Method+" "+r.Header.Get("Origin"), p.Decide(req))
	}
}

// TestUpperCaseOriginAllocatesNothing: the origin of FuzzDecide's
// testdata/fuzz/FuzzDecide/272b226aec1c9130, an upper-case scheme other
// than http longer than 32 bytes, and other shapes no browser sends, under
// each kind of entry, allow-all and a hook: 0 allocations.
func TestUpperCaseOriginAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	yes := func(*http.Request) bool { return true }
	for _, cfg := range []core.Config{
		{AllowCredentials: true, AllowPrivateNetwork: true, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}, CheckRequest: []func(*http.Request) bool{yes}},
		{AllowAllOrigins: true},
		{AllowedOrigins: []string{"a0000://0000000000000000000000000", "https://*.example.com", "http://localhost:*"}},
		{AllowedOriginRegexes: []string{`a0000://0+`, `https://[a-z.]+`}},
		{AllowedOrigins: []string{"https://app.example.com"}, URLsRegex: "^/other/"},
	} {
		p, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, origin := range []string{"A0000://0000000000000000000000000", "HTTPS://APP.EXAMPLE.COM", "https://APP.example.com:443", "HTTP://LOCALHOST:80", "HTTPS://[::1]:443"} {
			for _, r := range []*http.Request{
				newReq(http.MethodGet, origin),
				newReq(http.MethodOptions, origin, "Access-Control-Request-Method", "PUT"),
			} {
				req := core.NewRequest(r)
				if allocs := testing.AllocsPerRun(100, func() { p.Decide(req) }); allocs != 0 {
					t.Errorf("%+v: %s %q: %v allocs per Decide", cfg, r.Method, origin, allocs)
				}
			}
		}
	}
}
