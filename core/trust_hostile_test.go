package core_test

import (
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// Over TLS, the same-origin shortcut of CheckWebSocketOrigin must not
// accept the http:// page of the same host: a network attacker writes that
// page and would get the wss:// connection with the user's cookies.
func TestCheckWebSocketOriginRefusesHTTPPageOfSameHostOverTLS(t *testing.T) {
	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	check := core.CheckWebSocketOrigin(p)
	for _, c := range []struct {
		origin string
		tls    bool
		want   bool
	}{
		{"https://api.example.com", true, true},
		{"http://api.example.com", true, false},
		{"http://api.example.com", false, true}, // behind a proxy the scheme is unknown
		{"https://api.example.com:8443", true, false},
		{"https://evil.example", true, false},
		{"https://app.example.com", true, true},
	} {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/ws", nil)
		r.Host = "api.example.com"
		if !c.tls {
			r.TLS = nil
		} else if r.TLS == nil {
			r.TLS = &tls.ConnectionState{}
		}
		r.Header.Set("Origin", c.origin)
		if got := check(r); got != c.want {
			t.Errorf("Origin %s, TLS %v: %v, want %v", c.origin, c.tls, got, c.want)
		}
	}
}

// Cross-site writes the protection must refuse from an unlisted origin,
// whatever else the request carries or lacks; safe methods pass, as the
// standard library decides (a GET with side effects is the application's
// bug, which no origin check can see).
func TestCrossOriginProtectionRefusesUnlistedWritesOfEveryShape(t *testing.T) {
	live := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com", "https://*.example.com"}, AllowCredentials: true}))
	c := core.NewCrossOriginProtection(live)
	type hdr = map[string][]string
	for _, tc := range []struct {
		name   string
		method string
		h      hdr
		ok     bool
	}{
		{"unlisted, no Sec-Fetch-Site (older browser)", "POST", hdr{"Origin": {"https://evil.test"}}, false},
		{"unlisted, same-site sibling", "POST", hdr{"Origin": {"https://evil.test"}, "Sec-Fetch-Site": {"same-site"}}, false},
		{"no Origin, Referer of another site, cross-site", "POST", hdr{"Referer": {"https://evil.test/x"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"two Origins, one listed", "POST", hdr{"Origin": {"https://evil.test", "https://app.example.com"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"listed origin upper case", "POST", hdr{"Origin": {"HTTPS://APP.EXAMPLE.COM"}, "Sec-Fetch-Site": {"cross-site"}}, true},
		{"pattern's own apex", "POST", hdr{"Origin": {"https://example.com"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"suffix lookalike", "POST", hdr{"Origin": {"https://evil-example.com"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"pattern over a lookalike", "POST", hdr{"Origin": {"https://x.example.com.evil.test"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"listed host, http scheme", "POST", hdr{"Origin": {"http://app.example.com"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"listed host with a path", "POST", hdr{"Origin": {"https://app.example.com/"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"DELETE unlisted", "DELETE", hdr{"Origin": {"https://evil.test"}, "Sec-Fetch-Site": {"cross-site"}}, false},
		{"HEAD unlisted (safe method)", "HEAD", hdr{"Origin": {"https://evil.test"}, "Sec-Fetch-Site": {"cross-site"}}, true},
	} {
		r := httptest.NewRequest(tc.method, "https://api.example.net/transfer", nil)
		for k, v := range tc.h {
			r.Header[k] = v
		}
		if got := c.Check(r) == nil; got != tc.ok {
			t.Errorf("%s: passes %v, want %v", tc.name, got, tc.ok)
		}
	}
	// A swap to a policy without the origin takes effect at once.
	live.Store(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://other.example.com"}, AllowCredentials: true}))
	r := httptest.NewRequest("POST", "https://api.example.net/transfer", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if c.Check(r) == nil {
		t.Error("after Live.Store the removed origin is still trusted")
	}
}

// With DebugLogger on, a refused write's log line quotes a bounded prefix of
// each header and of the path, however long they are (behaviour.md's "reads
// a bounded prefix of each header").
func TestCrossOriginProtectionLogIsBounded(t *testing.T) {
	var buf strings.Builder
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true,
		DebugLogger: slog.New(slog.NewTextHandler(&buf, nil))})
	c := core.NewCrossOriginProtection(p)
	huge := strings.Repeat("a", 1<<20)
	r := httptest.NewRequest(http.MethodPost, "https://api.example.net/"+huge, nil)
	r.Header["Origin"] = []string{"https://" + huge, "https://b" + huge}
	r.Header.Set("Sec-Fetch-Site", "cross-site"+huge)
	if c.Check(r) == nil {
		t.Fatal("the write is trusted")
	}
	if buf.Len() == 0 || buf.Len() > 8<<10 {
		t.Errorf("the log line is %d bytes for 4 MiB of request", buf.Len())
	}
}

// countingConverter converts a request view as an adapter for a server not
// built on net/http does, with the path the policy reads, and counts its
// calls.
type countingConverter struct {
	req   *core.Request
	calls int
}

func (c *countingConverter) HTTPRequest() *http.Request {
	c.calls++
	r := httptest.NewRequest(c.req.Method, "https://api.example.net/", nil)
	r.Header["Origin"] = c.req.Origin
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.URL.Path, r.URL.RawPath = c.req.Path, c.req.RawPath
	return r
}

// CheckView lets safe methods through unconverted, and checks any other
// request with its path decoded as the CORS policy reads it: an escaped
// form of a trusted area's path ("/%70artner/" for "/partner/"), which a
// router on escaped paths serves elsewhere, trusts nobody; the view is
// left as it was given.
func TestCheckViewDecodesThePathLikeTheCORSPolicy(t *testing.T) {
	const partner = "https://partner.example"
	cop := core.NewCrossOriginProtection(core.MustPolicy(core.Config{
		Paths: []core.PathRule{{Prefix: "/partner/", Config: core.Config{AllowedOrigins: []string{partner}, AllowCredentials: true}}},
	}))
	for _, tc := range []struct {
		method, path, raw string
		calls             int
		ok                bool
		seen              string
	}{
		{http.MethodGet, "", "/%70artner/x", 0, true, ""},
		{http.MethodHead, "/elsewhere", "", 0, true, ""},
		{http.MethodPost, "/partner/x", "", 1, true, "/partner/x"},
		{http.MethodPost, "", "/partner/%78", 1, true, "/partner/x"},
		{http.MethodPost, "", "/%70artner/x", 1, false, "/partner/x"},
		{http.MethodPost, "/elsewhere", "", 1, false, "/elsewhere"},
	} {
		req := &core.Request{Method: tc.method, Path: tc.path, RawPath: tc.raw, Origin: []string{partner}}
		conv := &countingConverter{req: req}
		req.ToHTTP = conv
		r, err := cop.CheckView(req)
		name := tc.method + " " + tc.path + tc.raw
		if (err == nil) != tc.ok || conv.calls != tc.calls {
			t.Errorf("%s: error %v, %d conversions; want passing %v, %d conversions", name, err, conv.calls, tc.ok, tc.calls)
		}
		if got := ""; r != nil {
			got = r.URL.Path
			if got != tc.seen {
				t.Errorf("%s: the converted request's path is %q, want %q", name, got, tc.seen)
			}
		} else if tc.calls > 0 {
			t.Errorf("%s: no converted request", name)
		}
		if req.Path != tc.path || req.RawPath != tc.raw {
			t.Errorf("%s: the view was left with Path %q, RawPath %q", name, req.Path, req.RawPath)
		}
	}
}
