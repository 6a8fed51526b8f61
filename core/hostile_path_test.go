package core_test

import (
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

const hostileOrigin = "https://app.example.com"

// hostilePathPolicies are the configurations that read a path as routers
// may: URLsRegex, and Paths with a prefix and a regex rule.
func hostilePathPolicies() map[string]*core.Policy {
	return map[string]*core.Policy{
		"URLsRegex": core.MustPolicy(core.Config{AllowedOrigins: []string{hostileOrigin}, URLsRegex: `^/api/`}),
		"Paths": core.MustPolicy(core.Config{AllowedOrigins: []string{hostileOrigin}, Paths: []core.PathRule{
			{Prefix: "/admin", Config: core.Config{}},
			{Regex: `^/api/v[0-9]+/`, Config: core.Config{AllowedOrigins: []string{hostileOrigin}, AllowCredentials: true}},
		}}),
	}
}

// hostilePaths are long paths a client may send; the first needs
// cleaning, as does the one at the bound.
func hostilePaths() map[string]string {
	return map[string]string{
		"300 kB, needs cleaning":  "/api/v1/" + strings.Repeat("x//.", 75_000),
		"300 kB, clean":           "/api/v1/" + strings.Repeat("x", 300_000),
		"at the bound, unclean":   "/api/v1/" + strings.Repeat("x//.", (core.MaxPathLength-8)/4),
		"over the bound by one":   "/api/v1/" + strings.Repeat("x", core.MaxPathLength-7),
		"common":                  "/api/v1/users",
		"common, needs cleaning":  "/api/v1/a/../users",
		"admin, needs cleaning":   "/api/v1/../../admin/x",
		"admin over the bound":    "/admin/" + strings.Repeat("x", core.MaxPathLength),
		"admin escaped, too long": "/admin/x",
	}
}

// pathRequest is a GET of path from hostileOrigin; the case named "admin
// escaped, too long" is sent with a long escaped form.
func pathRequest(name, path string) core.Request {
	req := core.Request{Method: http.MethodGet, Path: path, Origin: []string{hostileOrigin}}
	if name == "admin escaped, too long" {
		req.RawPath = "/%61dmin/" + strings.Repeat("x", core.MaxPathLength)
	}
	return req
}

// bytesPerCall is the heap one call of f allocates, on average over runs
// calls: the least of three rounds, on one thread as testing.AllocsPerRun
// counts, so that what other goroutines (the garbage collector, the test
// runner) allocate meanwhile is not counted. f runs once first, to warm
// the pools.
func bytesPerCall(runs int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	least := uint64(1 << 63)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			f()
		}
		runtime.ReadMemStats(&after)
		least = min(least, (after.TotalAlloc-before.TotalAlloc)/uint64(runs))
	}
	return least
}

// TestHostilePathAllocatesBounded: however long a path, reading it as
// routers may (cleaned, case-insensitively, with or without a trailing
// slash) allocates nothing that grows with it, and a path longer than
// core.MaxPathLength is not a CORS path under URLsRegex or Paths: it
// fails closed, never granting what a shorter path would not get.
func TestHostilePathAllocatesBounded(t *testing.T) {
	for pname, p := range hostilePathPolicies() {
		for name, path := range hostilePaths() {
			req := pathRequest(name, path)
			d := p.Decide(req)
			wantGrant := len(path) <= core.MaxPathLength && req.RawPath == "" && !strings.Contains(path, "admin")
			if got := d.Reason == core.ReasonAllowed; got != wantGrant {
				t.Errorf("%s, %s: reason %v, want a grant: %v", pname, name, d.Reason, wantGrant)
			}
			if !raceEnabled {
				if b := bytesPerCall(50, func() { p.Decide(req) }); b > 256 {
					t.Errorf("%s, %s: %d bytes per Decide", pname, name, b)
				}
				if strings.HasPrefix(name, "common") || name == "at the bound, unclean" {
					if allocs := testing.AllocsPerRun(100, func() { p.Decide(req) }); allocs != 0 {
						t.Errorf("%s, %s: %v allocations per Decide", pname, name, allocs)
					}
				}
			}
		}
	}
}

// TestMaxPathLengthBoundary: a path of core.MaxPathLength bytes is decided
// as any other; one byte more is not a CORS path, and Explain says why.
func TestMaxPathLengthBoundary(t *testing.T) {
	for pname, p := range hostilePathPolicies() {
		at := "/api/v1/" + strings.Repeat("x", core.MaxPathLength-8)
		for _, tc := range []struct {
			path string
			want core.Reason
		}{{at, core.ReasonAllowed}, {at + "x", core.ReasonPathNotEnabled}} {
			req := core.Request{Method: http.MethodGet, Path: tc.path, Origin: []string{hostileOrigin}}
			if d := p.Decide(req); d.Reason != tc.want {
				t.Errorf("%s, %d bytes: %v, want %v", pname, len(tc.path), d.Reason, tc.want)
			}
			if tc.want == core.ReasonPathNotEnabled && !strings.Contains(p.ExplainRequest(req).String(), "core.MaxPathLength") {
				t.Errorf("%s: Explain does not name the bound: %s", pname, p.ExplainRequest(req))
			}
		}
	}
}

// BenchmarkHostilePaths: the cost of deciding long paths, needing
// cleaning or not, under URLsRegex and Paths, against a common path.
func BenchmarkHostilePaths(b *testing.B) {
	for pname, p := range hostilePathPolicies() {
		for name, path := range hostilePaths() {
			req := pathRequest(name, path)
			b.Run(pname+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					p.Decide(req)
				}
			})
		}
	}
}
