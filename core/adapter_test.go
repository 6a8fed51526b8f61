package core_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// lineStore is a HeaderStore that is not an http.Header, so ApplyTo takes
// the path a server not built on net/http takes.
type lineStore struct{ h http.Header }

func (s lineStore) Get(name string) string { return s.h.Get(name) }
func (s lineStore) Set(name, value string) { s.h.Set(name, value) }
func (s lineStore) Add(name, value string) { s.h.Add(name, value) }

// converter hands hooks the request, counting the conversions.
type converter struct {
	r     *http.Request
	calls *atomic.Int32
}

func (c converter) HTTPRequest() *http.Request {
	c.calls.Add(1)
	return c.r
}

// viewOf builds the request view by hand, as an adapter for a server not
// built on net/http does, with the *http.Request given to hooks only
// through ToHTTP.
func viewOf(r *http.Request, conversions *atomic.Int32) core.Request {
	req := core.Request{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.RawPath, Origin: r.Header.Values("Origin"), ToHTTP: converter{r, conversions}}
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = r.Header.Values("Access-Control-Request-Method")
		req.AccessControlRequestHeaders = r.Header.Values("Access-Control-Request-Headers")
		req.AccessControlRequestPrivateNetwork = r.Header.Values("Access-Control-Request-Private-Network")
	}
	return req
}

// TestConformanceHeaderStoreAdapter runs the suite through a reference
// adapter built as fiberadapter is: HandleRequest with a request view built
// by hand, hooks reached through ToHTTP, and the decision written through
// the HeaderStore interface rather than into an http.Header. The hooks'
// call counts of the cases hold, so the conversion happens only when a hook
// runs; and it happens at most once per request.
func TestConformanceHeaderStoreAdapter(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		p, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var conversions atomic.Int32
			req := viewOf(r, &conversions)
			d := core.HandleRequest(p, lineStore{w.Header()}, &req)
			if n := conversions.Load(); n > 1 || n == 1 && len(cfg.CheckRequest) == 0 {
				t.Errorf("%d conversions with %d hooks", n, len(cfg.CheckRequest))
			}
			if d.Answered() {
				w.WriteHeader(d.Status)
				return
			}
			app.ServeHTTP(w, r)
		})
	})
}

// TestToHTTPOnlyWhenAHookRuns: the conversion is skipped when the
// configuration alone grants the request, and done once when hooks run.
func TestToHTTPOnlyWhenAHookRuns(t *testing.T) {
	var hookCalls int
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		CheckRequest: []func(*http.Request) bool{
			func(r *http.Request) bool { hookCalls++; return false },
			func(r *http.Request) bool { hookCalls++; return r.Header.Get("X-Tenant") == "ok" },
		},
	})
	for _, tc := range []struct {
		origin, tenant string
		conversions    int32
		hooks          int
		granted        bool
	}{
		{"https://app.example.com", "", 0, 0, true},
		{"https://other.example.com", "ok", 1, 2, true},
		{"https://other.example.com", "no", 1, 2, false},
	} {
		r, _ := http.NewRequest(http.MethodGet, "http://api.example.test/items", nil)
		r.Header.Set("Origin", tc.origin)
		r.Header.Set("X-Tenant", tc.tenant)
		var conversions atomic.Int32
		hookCalls = 0
		req := viewOf(r, &conversions)
		d := core.HandleRequest(p, lineStore{http.Header{}}, &req)
		if conversions.Load() != tc.conversions || hookCalls != tc.hooks || d.Allowed() != tc.granted {
			t.Errorf("%s (tenant %q): %d conversions, %d hook calls, granted %v; want %d, %d, %v",
				tc.origin, tc.tenant, conversions.Load(), hookCalls, d.Allowed(), tc.conversions, tc.hooks, tc.granted)
		}
	}
}

// TestApplyToMergesVary: Vary already on the response is kept and added to,
// "*" is left alone, and the Access-Control-* headers replace what is
// there, as Apply does for an http.Header.
func TestApplyToMergesVary(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	get, _ := http.NewRequest(http.MethodGet, "http://api.example.test/items", nil)
	get.Header.Set("Origin", "https://app.example.com")
	d := p.Decide(core.NewRequest(get))
	for before, want := range map[string][]string{
		"":                        {"Origin"},
		"Accept-Encoding":         {"Accept-Encoding", "Origin"},
		"origin, Accept-Encoding": {"origin, Accept-Encoding"},
		"Accept-Encoding,ORIGIN":  {"Accept-Encoding,ORIGIN"},
		"*":                       {"*"},
	} {
		h := http.Header{"Access-Control-Allow-Origin": {"https://stale.example.com"}}
		if before != "" {
			h.Set("Vary", before)
		}
		d.ApplyTo(lineStore{h})
		if strings.Join(h["Vary"], "|") != strings.Join(want, "|") {
			t.Errorf("Vary %q before: %q after, want %q", before, h["Vary"], want)
		}
		if got := h["Access-Control-Allow-Origin"]; len(got) != 1 || got[0] != "https://app.example.com" {
			t.Errorf("Vary %q before: Access-Control-Allow-Origin %q", before, got)
		}
	}
	// A preflight's answer leaves Vary as it is (docs/behaviour.md).
	preflight, _ := http.NewRequest(http.MethodOptions, "http://api.example.test/items", nil)
	preflight.Header.Set("Origin", "https://app.example.com")
	preflight.Header.Set("Access-Control-Request-Method", http.MethodPut)
	for _, before := range []string{"", "Accept-Encoding"} {
		h := http.Header{}
		if before != "" {
			h.Set("Vary", before)
		}
		p.Decide(core.NewRequest(preflight)).ApplyTo(lineStore{h})
		if h.Get("Vary") != before || len(h["Vary"]) > 1 {
			t.Errorf("preflight, Vary %q before: %q after", before, h["Vary"])
		}
	}
	// An http.Header given as a HeaderStore is written as Apply writes it.
	h, want := http.Header{}, http.Header{}
	d.ApplyTo(h)
	d.Apply(want)
	if len(h) != len(want) || strings.Join(h["Vary"], ",") != strings.Join(want["Vary"], ",") {
		t.Errorf("ApplyTo(http.Header) = %v, Apply = %v", h, want)
	}
}

// arrayStore is a HeaderStore that, like fasthttp's header, reuses its
// memory from one response to the next.
type arrayStore struct {
	names, values [16]string
	n             int
}

func (s *arrayStore) Get(name string) string {
	for i := range s.n {
		if s.names[i] == name {
			return s.values[i]
		}
	}
	return ""
}

func (s *arrayStore) Set(name, value string) {
	for i := range s.n {
		if s.names[i] == name {
			s.values[i] = value
			return
		}
	}
	s.Add(name, value)
}

func (s *arrayStore) Add(name, value string) {
	s.names[s.n], s.values[s.n] = name, value
	s.n++
}

// TestHandleRequestAllocatesNothing: with a store that allocates nothing,
// HandleRequest allocates nothing either, for actual requests and
// preflights, granted or not, with Vary already on the response.
func TestHandleRequestAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true, ExposeHeaders: []string{"X-Request-Id"}})
	origin := []string{"https://app.example.com"}
	evil := []string{"https://evil.example.com"}
	put := []string{"PUT"}
	headers := []string{"content-type,x-requested-with"}
	for name, req := range map[string]core.Request{
		"no origin":          {Method: "GET", Path: "/items"},
		"actual":             {Method: "GET", Path: "/items", Origin: origin},
		"actual refused":     {Method: "GET", Path: "/items", Origin: evil},
		"preflight":          {Method: "OPTIONS", Path: "/items", Origin: origin, AccessControlRequestMethod: put, AccessControlRequestHeaders: headers},
		"preflight refused":  {Method: "OPTIONS", Path: "/items", Origin: evil, AccessControlRequestMethod: put},
		"preflight bad head": {Method: "OPTIONS", Path: "/items", Origin: origin, AccessControlRequestMethod: put, AccessControlRequestHeaders: []string{"x-nope"}},
		"path as sent":       {Method: "GET", RawPath: "/it%65ms%2Fx", Origin: origin},
	} {
		for _, vary := range []string{"", "Accept-Encoding"} {
			s := new(arrayStore)
			allocs := testing.AllocsPerRun(100, func() {
				s.n = 0
				if vary != "" {
					s.Add("Vary", vary)
				}
				core.HandleRequest(p, s, &req)
			})
			if allocs != 0 {
				t.Errorf("%s, Vary %q before: %v allocations", name, vary, allocs)
			}
		}
	}
}

// recorder keeps the records it handles, as some slog handlers do.
type recorder struct{ records []slog.Record }

func (*recorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *recorder) Handle(_ context.Context, r slog.Record) error {
	h.records = append(h.records, r)
	return nil
}
func (h *recorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recorder) WithGroup(string) slog.Handler      { return h }

// TestDebugLogCopiesTheRequest: a request view may share a buffer the
// server reuses for the next request; what the debug log keeps does not
// change when it is.
func TestDebugLogCopiesTheRequest(t *testing.T) {
	rec := new(recorder)
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, DebugLogger: slog.New(rec)})
	buf := []byte("OPTIONS/itemshttps://evil.example.comPUT")
	view := func(i, j int) string { return unsafe.String(&buf[i], j-i) }
	req := core.Request{Method: view(0, 7), Path: view(7, 13), Origin: []string{view(13, 37)}, AccessControlRequestMethod: []string{view(37, 40)}}
	d := core.HandleRequest(p, lineStore{http.Header{}}, &req)
	if d.Kind != core.PreflightRejected || len(rec.records) != 1 {
		t.Fatalf("%v, %d records", d.Kind, len(rec.records))
	}
	for i := range buf {
		buf[i] = 'x' // the next request
	}
	logged := map[string]string{}
	rec.records[0].Attrs(func(a slog.Attr) bool {
		logged[a.Key] = a.Value.String()
		return true
	})
	if logged["method"] != "OPTIONS" || logged["path"] != "/items" || logged["origin"] != "https://evil.example.com" {
		t.Errorf("logged %v", logged)
	}
}

// TestRequestLinesSuffice: for every case, a view holding at most
// RequestLines lines of each header is decided as the whole request is.
func TestRequestLinesSuffice(t *testing.T) {
	cut := func(lines []string) []string { return lines[:min(len(lines), core.RequestLines)] }
	longest := 0
	for _, c := range corstest.Cases() {
		cfg := c.Config
		for _, h := range c.Hooks {
			cfg.CheckRequest = append(cfg.CheckRequest, func(r *http.Request) bool {
				if h.PathPrefix != "" {
					return strings.HasPrefix(r.URL.Path, h.PathPrefix)
				}
				return h.Result
			})
		}
		p, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		full := core.NewRequest(c.HTTPRequest())
		short := full
		short.Origin, short.AccessControlRequestMethod = cut(full.Origin), cut(full.AccessControlRequestMethod)
		short.AccessControlRequestHeaders = cut(full.AccessControlRequestHeaders)
		short.AccessControlRequestPrivateNetwork = cut(full.AccessControlRequestPrivateNetwork)
		longest = max(longest, len(full.Origin), len(full.AccessControlRequestHeaders))
		a, b := http.Header{}, http.Header{}
		da, db := p.Decide(full), p.Decide(short)
		da.Apply(a)
		db.Apply(b)
		if da.Kind != db.Kind || da.Reason != db.Reason || len(a) != len(b) {
			t.Errorf("%s: %v %v %v, cut to %d lines: %v %v %v", c.Name, da.Kind, da.Reason, a, core.RequestLines, db.Kind, db.Reason, b)
		}
	}
	if longest <= core.RequestLines {
		t.Errorf("no case has more than %d lines of a header", core.RequestLines)
	}
}

// TestHandleRequestDecodesThePathAsSent: a server that hands over the path
// only as sent, still escaped, leaves Path empty: the policy reads the path
// decoded as net/url decodes it, and the one sent, and a hook sees the
// decoded one; once HandleRequest returns, the view is as the adapter left
// it. An invalid escape, or a path longer than MaxPathLength, is read as
// sent.
func TestHandleRequestDecodesThePathAsSent(t *testing.T) {
	var seen []string
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		Paths: []core.PathRule{
			{Prefix: "/admin", Config: core.Config{AllowedOrigins: []string{"https://admin.example.com"}}},
		},
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			seen = append(seen, r.URL.Path+" "+r.URL.RawPath)
			return false
		}},
	})
	long := "/" + strings.Repeat("%61", core.MaxPathLength/3+1)
	for _, tc := range []struct {
		sent, origin string
		allowed      bool
		hookSees     string
	}{
		{"/admin/us%65rs", "https://admin.example.com", true, ""},
		{"/admin/us%65rs", "https://app.example.com", false, ""},
		{"/it%65ms", "https://evil.example.com", false, "/items /it%65ms"},
		{"/items", "https://app.example.com", true, ""},
		// Decoded, "/admin/users" is under /admin; as sent, a router
		// routing on the escaped path serves it elsewhere: not CORS.
		{"/%61dmin/users", "https://admin.example.com", false, ""},
		// Decoded, "/admin/../items" is under /admin, cleaned it is not:
		// the rule depends on the reading, so it is not CORS at all.
		{"/admin/..%2Fitems", "https://app.example.com", false, ""},
		// net/url refuses "%zz": read as sent, under no rule but the rest.
		{"/%zzdmin/users", "https://app.example.com", true, ""},
		{long, "https://app.example.com", false, ""},
	} {
		seen = nil
		req := core.Request{Method: "GET", RawPath: tc.sent, Origin: []string{tc.origin}}
		req.ToHTTP = viewConverter{&req}
		s := lineStore{http.Header{}}
		d := core.HandleRequest(p, s, &req)
		if d.Allowed() != tc.allowed {
			t.Errorf("%.40s from %s: allowed %v, want %v (%s)", tc.sent, tc.origin, d.Allowed(), tc.allowed, d.Reason)
		}
		if req.Path != "" || req.RawPath != tc.sent {
			t.Errorf("%.40s: after the call the view holds Path %.40q, RawPath %.40q", tc.sent, req.Path, req.RawPath)
		}
		if tc.hookSees != "" && (len(seen) != 1 || seen[0] != tc.hookSees) {
			t.Errorf("%.40s: the hook saw %q, want %q", tc.sent, seen, tc.hookSees)
		}
	}
}

// viewConverter converts the view being decided for hooks, with the path
// the policy reads, as fiberadapter does.
type viewConverter struct{ r *core.Request }

func (c viewConverter) HTTPRequest() *http.Request {
	return &http.Request{Method: c.r.Method, URL: &url.URL{Path: c.r.Path, RawPath: c.r.RawPath}, Header: http.Header{"Origin": c.r.Origin}}
}
