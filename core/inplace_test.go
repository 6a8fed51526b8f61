package core_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// corsNames are the headers Apply writes.
var corsNames = []string{
	"Vary",
	"Access-Control-Allow-Origin",
	"Access-Control-Allow-Credentials",
	"Access-Control-Expose-Headers",
	"Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers",
	"Access-Control-Max-Age",
	"Access-Control-Allow-Private-Network",
}

// inPlaceWrites are the ways handlers and middleware rewrite a header value
// without h.Set: each writes into the slice it finds in the map.
var inPlaceWrites = []struct {
	name  string
	write func(h http.Header, name, value string)
}{
	{"index", func(h http.Header, name, value string) { h[name][0] = value }},
	{"append to [:0]", func(h http.Header, name, value string) { h[name] = append(h[name][:0], value) }},
	{"append two to [:0]", func(h http.Header, name, value string) { h[name] = append(h[name][:0], value, value) }},
	{"append", func(h http.Header, name, value string) { h[name] = append(h[name], value) }},
}

// inPlaceCases are requests whose responses get every kind of value Apply
// writes: the policy's own, "*", "true", and those repeated from the
// request.
func inPlaceCases() []struct {
	name string
	cfg  core.Config
	r    *http.Request
} {
	acrm, acrh, acrpn := "Access-Control-Request-Method", "Access-Control-Request-Headers", "Access-Control-Request-Private-Network"
	full := core.Config{
		AllowedOrigins:      []string{"https://a.example.com", "https://b.example.com"},
		AllowCredentials:    true,
		AllowPrivateNetwork: true,
		ExposeHeaders:       []string{"X-Request-Id", "X-Total"},
	}
	echo := core.Config{AllowedOrigins: []string{"https://a.example.com"}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}}
	return []struct {
		name string
		cfg  core.Config
		r    *http.Request
	}{
		{"no origin", full, newReq(http.MethodGet, "")},
		{"actual refused", full, newReq(http.MethodGet, "https://evil.example.net")},
		{"actual allowed", full, newReq(http.MethodGet, "https://a.example.com")},
		{"actual allowed, all origins", core.Config{AllowAllOrigins: true, ExposeHeaders: []string{"X-Request-Id"}}, newReq(http.MethodGet, "https://a.example.com")},
		{"preflight accepted", full, newReq(http.MethodOptions, "https://a.example.com", acrm, "PUT", acrh, "content-type", acrpn, "true")},
		{"preflight accepted, all origins", core.Config{AllowAllOrigins: true}, newReq(http.MethodOptions, "https://a.example.com", acrm, "PUT", acrh, "content-type")},
		{"preflight accepted, request's values repeated", echo, newReq(http.MethodOptions, "https://a.example.com", acrm, "PURGE", acrh, "x-a", acrh, "x-b")},
	}
}

// snapshot is a copy of h's CORS headers that shares no slice with h.
func snapshot(h http.Header) http.Header {
	s := http.Header{}
	for _, name := range corsNames {
		if v, ok := h[name]; ok {
			s[name] = append([]string(nil), v...)
		}
	}
	return s
}

// TestInPlaceWritesStayInTheResponse: a handler or middleware that writes a
// CORS header's value in place, the way much code does, changes its own
// response and nothing else: not the policy's values (Vary: Origin must
// not go missing from later responses, or a shared cache serves one
// origin's grant to another), not the request it answers, not the other
// CORS headers of the same response.
func TestInPlaceWritesStayInTheResponse(t *testing.T) {
	for i, c := range inPlaceCases() {
		for _, w := range inPlaceWrites {
			for _, outerVary := range []string{"", "Accept-Encoding"} {
				t.Run(c.name+"/"+w.name+"/vary "+outerVary, func(t *testing.T) {
					c := inPlaceCases()[i] // a request of its own
					p := core.MustPolicy(c.cfg)
					request := snapshotRequest(c.r)
					fresh := func() http.Header {
						h := http.Header{}
						if outerVary != "" {
							h["Vary"] = []string{outerVary}
						}
						core.Handle(p, h, c.r)
						return h
					}
					want := snapshot(fresh())

					h := fresh()
					for _, name := range corsNames {
						if len(h[name]) > 0 {
							before := snapshot(h)
							w.write(h, name, "rewritten")
							// The other headers of this response are
							// as they were.
							for _, other := range corsNames {
								if other != name && strings.Join(h[other], "|") != strings.Join(before[other], "|") {
									t.Errorf("writing %s changed %s: %q, was %q", name, other, h[other], before[other])
								}
							}
						}
					}
					if got := snapshot(fresh()); !equalHeaders(got, want) {
						t.Errorf("after in-place writes to a response, the next one has\n%v\nwant\n%v", got, want)
					}
					if got := snapshotRequest(c.r); !equalHeaders(got, request) {
						t.Errorf("in-place writes to the response changed the request: %v, was %v", got, request)
					}
				})
			}
		}
	}
}

// TestVaryMergeLeavesTheApplicationsSlice: the Vary a middleware in front
// set, in a slice with room to spare, is copied, never written into.
func TestVaryMergeLeavesTheApplicationsSlice(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example.com"}})
	backing := make([]string, 1, 4)
	backing[0] = "Accept-Encoding"
	h := http.Header{"Vary": backing[:1]}
	core.Handle(p, h, newReq(http.MethodGet, "https://a.example.com"))
	if got := strings.Join(h["Vary"], ", "); got != "Accept-Encoding, Origin" {
		t.Errorf("Vary %q", got)
	}
	if extra := backing[:2][1]; extra != "" {
		t.Errorf("the merge wrote %q into the slice the middleware set", extra)
	}
	h["Vary"][0] = "rewritten"
	if backing[0] != "Accept-Encoding" {
		t.Errorf("the merged Vary shares the slice the middleware set")
	}
}

// TestInPlaceWritesUnderLoad: handlers write CORS headers in place while
// other requests are decided and applied on other goroutines; run with
// -race, which reports any memory two responses share, and every response
// must be as the policy says.
func TestInPlaceWritesUnderLoad(t *testing.T) {
	for _, c := range inPlaceCases() {
		t.Run(c.name, func(t *testing.T) {
			p := core.MustPolicy(c.cfg)
			h := http.Header{}
			core.Handle(p, h, c.r)
			want := snapshot(h)
			var wg sync.WaitGroup
			errs := make(chan string, 1)
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w := inPlaceWrites[g%len(inPlaceWrites)]
					for range 200 {
						h := http.Header{}
						core.Handle(p, h, c.r)
						if got := snapshot(h); !equalHeaders(got, want) {
							select {
							case errs <- got.Get("Vary") + " " + got.Get("Access-Control-Allow-Origin"):
							default:
							}
						}
						for _, name := range corsNames {
							if len(h[name]) > 0 {
								w.write(h, name, "rewritten")
							}
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Errorf("a response saw another's in-place write: %s", e)
			}
		})
	}
}

// snapshotRequest copies r's header.
func snapshotRequest(r *http.Request) http.Header {
	s := http.Header{}
	for name, v := range r.Header {
		s[name] = append([]string(nil), v...)
	}
	return s
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for name, v := range a {
		if strings.Join(v, "\x00") != strings.Join(b[name], "\x00") || len(v) != len(b[name]) {
			return false
		}
	}
	return true
}

// checkApplyCost checks what Apply costs for d into an empty header map:
// nothing when it writes nothing, else one allocation of 16 bytes (one
// string) per line it writes, the array the response's values live in.
func checkApplyCost(t *testing.T, name string, d core.Decision) {
	t.Helper()
	h := http.Header{}
	d.Apply(h)
	lines := 0
	for _, v := range h {
		lines += len(v)
	}
	wantAllocs, wantBytes := 0.0, uint64(16*lines)
	if lines > 0 {
		wantAllocs = 1
	}
	apply := func() {
		clear(h)
		d.Apply(h)
	}
	allocs := testing.AllocsPerRun(100, apply)
	if bytes := bytesPerCall(100, apply); allocs != wantAllocs || bytes != wantBytes {
		t.Errorf("%s: Apply of %d lines: %v allocations, %d bytes; want %v, %d", name, lines, allocs, bytes, wantAllocs, wantBytes)
	}
}
