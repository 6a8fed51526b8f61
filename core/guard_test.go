package core_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// guardRequest is a request to host with origin ("" for none) and, when
// given, Sec-Fetch-Site.
func guardRequest(method, target, host, origin string, site ...string) *http.Request {
	r := httptest.NewRequest(method, "http://x"+target, nil)
	r.Host = host
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	if len(site) > 0 {
		r.Header.Set("Sec-Fetch-Site", site[0])
	}
	return r
}

// TestHostGuardComparesExactHosts: the Host the connection carried is one
// of AllowedHosts (or, with none, localhost, 127.0.0.1 and [::1] at any
// port) compared exactly but for ASCII case; every look-alike, spelling no
// browser sends, and oversized value is refused before the application.
func TestHostGuardComparesExactHosts(t *testing.T) {
	loopback := core.MustPolicy(core.Config{HostGuard: true, AllowedOrigins: []string{"https://app.example.com"}})
	listed := core.MustPolicy(core.Config{HostGuard: true, AllowedHosts: []string{"api.example.com", "localhost:8080", "[::1]:3000", "www.example.com:443"}, AllowedOrigins: []string{"https://app.example.com"}})
	for _, c := range []struct {
		p       *core.Policy
		host    string
		allowed bool
	}{
		{loopback, "localhost", true},
		{loopback, "localhost:8080", true},
		{loopback, "LOCALHOST:8080", true},
		{loopback, "127.0.0.1:3000", true},
		{loopback, "[::1]:3000", true},
		{loopback, "[::1]", true},
		{loopback, "localhost.:8080", false},
		{loopback, "localhost:08080", false},
		{loopback, "localhost:0", false},
		{loopback, "localhost:65536", false},
		{loopback, "localhost:", false},
		{loopback, "localhost:80:80", false},
		{loopback, "[::1%25lo]:8080", false},
		{loopback, "[::1%lo]:8080", false},
		{loopback, "[::ffff:127.0.0.1]:8080", false},
		{loopback, "[0:0:0:0:0:0:0:1]:8080", false},
		{loopback, "127.0.0.1.nip.io:8080", false},
		{loopback, "localhost.evil.com", false},
		{loopback, "evil.localhost", false},
		{loopback, "rebind.evil.com:8080", false},
		{loopback, "localhoſt", false},
		{loopback, "", false},
		{loopback, strings.Repeat("a", 10<<10), false},
		{loopback, "localhost:" + strings.Repeat("1", 10<<10), false},
		{listed, "api.example.com", true},
		{listed, "API.Example.COM:8443", true},
		{listed, "localhost:8080", true},
		{listed, "localhost:8081", false},
		{listed, "localhost", false},
		{listed, "127.0.0.1:8080", false},
		{listed, "[::1]:3000", true},
		{listed, "[::1]:3001", false},
		{listed, "www.example.com", true},
		{listed, "www.example.com:443", true},
		{listed, "www.example.com:8443", false},
		{listed, "example.com", false},
		{listed, "xapi.example.com", false},
	} {
		for _, method := range []string{"GET", "POST"} {
			r := guardRequest(method, "/items", c.host, "https://app.example.com")
			d := c.p.Decide(core.NewRequest(r))
			refused := d.Kind == core.Refused && d.Reason == core.ReasonHostNotAllowed && d.Status == http.StatusForbidden && d.Answered()
			if refused == c.allowed {
				t.Errorf("%s Host %.40q: %v %v, want allowed %v", method, c.host, d.Kind, d.Reason, c.allowed)
			}
			h := http.Header{}
			d.Apply(h)
			if refused && len(h) != 0 {
				t.Errorf("Host %.40q refused with headers %v", c.host, h)
			}
		}
	}
}

// TestHostGuardCoversPreflightsAndUpgrades: a preflight or a WebSocket
// handshake to a rebound Host is refused like any request, before the
// policy reads its origin.
func TestHostGuardCoversPreflightsAndUpgrades(t *testing.T) {
	p := core.MustPolicy(core.Config{HostGuard: true, AllowedOrigins: []string{"http://rebind.evil.com:8080"}})
	pre := guardRequest("OPTIONS", "/x", "rebind.evil.com:8080", "http://rebind.evil.com:8080")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	if d := p.Decide(core.NewRequest(pre)); d.Kind != core.Refused || d.Status != 403 {
		t.Errorf("preflight to a rebound Host: %v %d", d.Kind, d.Status)
	}
	ws := guardRequest("GET", "/ws", "rebind.evil.com:8080", "http://rebind.evil.com:8080")
	ws.Header.Set("Upgrade", "websocket")
	ws.Header.Set("Connection", "Upgrade")
	if d := p.Decide(core.NewRequest(ws)); d.Kind != core.Refused {
		t.Errorf("handshake to a rebound Host: %v", d.Kind)
	}
	if core.CheckWebSocketOrigin(p)(ws) {
		t.Error("CheckWebSocketOrigin accepted a handshake to a rebound Host")
	}
	ws.Host = "localhost:8080"
	ws.Header.Set("Origin", "http://localhost:8080")
	if !core.CheckWebSocketOrigin(p)(ws) {
		t.Error("CheckWebSocketOrigin refused the server's own page")
	}
}

// TestSameOriginNormalisesDefaultPorts: Host "localhost:80" names
// "http://localhost", for EnforceOrigin and CheckWebSocketOrigin alike.
func TestSameOriginNormalisesDefaultPorts(t *testing.T) {
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}})
	for _, c := range []struct {
		host, origin string
		same         bool
	}{
		{"localhost:80", "http://localhost", true},
		{"localhost", "http://localhost:80", true},
		{"LocalHost:8080", "http://localhost:8080", true},
		{"localhost:8080", "HTTP://LOCALHOST:8080", true},
		{"[::1]:8080", "http://[::1]:8080", true},
		{"localhost:443", "http://localhost", false},
		{"localhost:8080", "http://localhost:8081", false},
		{"localhost:8080", "https://localhost:8080", false},
		{"localhost:8080", "http://127.0.0.1:8080", false},
		{"localhost:8080", "null", false},
	} {
		r := guardRequest("POST", "/x", c.host, c.origin)
		d := p.Decide(core.NewRequest(r))
		if same := d.Kind != core.Refused; same != c.same {
			t.Errorf("Host %q, Origin %q: %v %v, want same-origin %v", c.host, c.origin, d.Kind, d.Reason, c.same)
		}
		// Without TLS, the WebSocket check does not know the scheme: it
		// compares host and port only.
		if ws := core.CheckWebSocketOrigin(p)(r); ws != c.same && c.origin != "https://localhost:8080" {
			t.Errorf("CheckWebSocketOrigin Host %q, Origin %q: %v, want %v", c.host, c.origin, ws, c.same)
		}
	}
}

// TestEnforceOriginOnEveryPath: EnforceOrigin refuses a foreign Origin
// wherever the request goes, where CORS is enabled and where it is not: no
// rule of Paths, closed rule, path spelling or URLsRegex lets it through.
// The allowed origin passes where it is allowed, and only there.
func TestEnforceOriginOnEveryPath(t *testing.T) {
	paths := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, Paths: []core.PathRule{
		{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}},
		{Prefix: "/mcp", Config: core.Config{AllowedOrigins: []string{"https://app.example.com"}}},
		{Prefix: "/internal/", Config: core.Config{}},
	}})
	urls := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, URLsRegex: "^/mcp", AllowedOrigins: []string{"https://app.example.com"}})
	const evil, app = "https://evil.example", "https://app.example.com"
	for _, c := range []struct {
		name    string
		p       *core.Policy
		path    string
		origin  string
		refused bool
	}{
		{"paths", paths, "/public/feed", evil, false},
		{"paths", paths, "/mcp", evil, true},
		{"paths", paths, "/mcp", app, false},
		{"paths", paths, "/public/../mcp", evil, true},
		{"paths", paths, "/internal/x", evil, true},
		{"paths", paths, "/internal/x", app, true},
		{"paths", paths, "/other", evil, true},
		{"paths", paths, "/other", app, true},
		{"paths", paths, "/other", "null", true},
		{"paths", paths, "/other", "http://localhost:8080", false},
		{"urls", urls, "/mcp", evil, true},
		{"urls", urls, "/mcp", app, false},
		{"urls", urls, "/MCP", evil, true},
		{"urls", urls, "/x/../mcp", evil, true},
		{"urls", urls, "/other", evil, true},
		{"urls", urls, "/other", app, true},
		{"urls", urls, "/other", "not an origin", true},
	} {
		for _, method := range []string{"GET", "POST", "DELETE"} {
			d := c.p.Decide(core.NewRequest(guardRequest(method, c.path, "localhost:8080", c.origin)))
			refused := d.Kind == core.Refused && d.Reason == core.ReasonOriginEnforced && d.Status == 403
			if refused != c.refused {
				t.Errorf("%s %s %s Origin %q: %v %v, want refused %v", c.name, method, c.path, c.origin, d.Kind, d.Reason, c.refused)
			}
		}
	}
	two := guardRequest("POST", "/mcp", "localhost:8080", app)
	two.Header.Add("Origin", app)
	if d := paths.Decide(core.NewRequest(two)); d.Reason != core.ReasonOriginEnforced {
		t.Errorf("two Origin lines: %v", d.Reason)
	}
}

// TestEnforceOriginWithoutOrigin: a request without Origin passes unless
// Sec-Fetch-Site says another site's page sent it; preflights are decided
// as without enforcement.
func TestEnforceOriginWithoutOrigin(t *testing.T) {
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}})
	for site, refused := range map[string]bool{"": false, "none": false, "same-origin": false, "cross-site": true, "same-site": true} {
		var r *http.Request
		if site == "" {
			r = guardRequest("GET", "/mcp", "localhost:8080", "")
		} else {
			r = guardRequest("GET", "/mcp", "localhost:8080", "", site)
		}
		d := p.Decide(core.NewRequest(r))
		if got := d.Kind == core.Refused && d.Reason == core.ReasonCrossSiteWithoutOrigin; got != refused {
			t.Errorf("Sec-Fetch-Site %q: %v %v, want refused %v", site, d.Kind, d.Reason, refused)
		}
		// A server not on net/http fills SecFetchSite itself.
		req := core.Request{Method: "GET", Path: "/mcp", Host: "localhost:8080", SecFetchSite: site}
		if got := p.Decide(req).Kind == core.Refused; got != refused {
			t.Errorf("view with SecFetchSite %q: refused %v, want %v", site, got, refused)
		}
	}
	pre := guardRequest("OPTIONS", "/mcp", "localhost:8080", "https://evil.example")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	if d := p.Decide(core.NewRequest(pre)); d.Kind != core.PreflightRejected || d.Reason != core.ReasonOriginNotAllowed {
		t.Errorf("foreign preflight: %v %v, want preflight rejected as without enforcement", d.Kind, d.Reason)
	}
	pre.Header.Set("Origin", "https://app.example.com")
	if d := p.Decide(core.NewRequest(pre)); d.Kind != core.PreflightAccepted {
		t.Errorf("allowed preflight: %v %v", d.Kind, d.Reason)
	}
}

// TestPublicScheme: same-origin compares the Origin's scheme with
// PublicScheme, or the connection's, never a request header.
func TestPublicScheme(t *testing.T) {
	cfg := core.Config{HostGuard: true, AllowedHosts: []string{"api.example.com"}, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}}
	plain := core.MustPolicy(cfg)
	cfg.PublicScheme = "https"
	https := core.MustPolicy(cfg)
	r := guardRequest("POST", "/x", "api.example.com", "https://api.example.com")
	r.Header.Set("X-Forwarded-Proto", "https")
	if d := plain.Decide(core.NewRequest(r)); d.Kind != core.Refused {
		t.Errorf("https Origin over http, PublicScheme unset: %v", d.Kind)
	}
	if d := https.Decide(core.NewRequest(r)); d.Kind == core.Refused {
		t.Errorf("https Origin, PublicScheme https: %v", d.Kind)
	}
	r.Header.Set("Origin", "http://api.example.com")
	if d := https.Decide(core.NewRequest(r)); d.Kind != core.Refused {
		t.Errorf("http Origin, PublicScheme https: %v", d.Kind)
	}
	tls := httptest.NewRequest("POST", "https://api.example.com/x", nil)
	tls.Header.Set("Origin", "https://api.example.com")
	if d := plain.Decide(core.NewRequest(tls)); d.Kind == core.Refused {
		t.Errorf("https Origin over TLS: %v", d.Kind)
	}
	view := core.Request{Method: "POST", Path: "/x", Host: "api.example.com", TLS: true, Origin: []string{"https://api.example.com"}}
	if d := plain.Decide(view); d.Kind == core.Refused {
		t.Errorf("view over TLS: %v", d.Kind)
	}
}

// TestGuardOnlyConfig: HostGuard and EnforceOrigin work without any
// allowed origin: CORS is then on for no path, and a CORS setting is an
// error.
func TestGuardOnlyConfig(t *testing.T) {
	p, err := core.NewPolicy(core.Config{HostGuard: true, EnforceOrigin: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		host, origin string
		kind         core.Kind
	}{
		{"localhost:8080", "", core.NotCORS},
		{"localhost:8080", "http://localhost:8080", core.NotCORS},
		{"localhost:8080", "https://evil.example", core.Refused},
		{"rebind.evil.com:8080", "", core.Refused},
	} {
		r := guardRequest("POST", "/mcp", c.host, c.origin)
		if d := p.Decide(core.NewRequest(r)); d.Kind != c.kind {
			t.Errorf("Host %q Origin %q: %v, want %v", c.host, c.origin, d.Kind, c.kind)
		}
		if e := p.Explain(r); e.Kind != c.kind {
			t.Errorf("Explain Host %q Origin %q: %v, want %v", c.host, c.origin, e.Kind, c.kind)
		}
	}
	if _, err := core.NewPolicy(core.Config{HostGuard: true, AllowCredentials: true}); err == nil || !strings.Contains(err.Error(), "AllowCredentials") {
		t.Errorf("a CORS setting without origins: %v", err)
	}
}

// TestGuardConfigErrors: every list that cannot work, and every
// combination that leaves a hole, is an error naming the field, the value
// and a fix.
func TestGuardConfigErrors(t *testing.T) {
	app := []string{"https://app.example.com"}
	for _, c := range []struct {
		cfg  core.Config
		want string
	}{
		{core.Config{HostGuard: true, AllowedHosts: []string{"*"}, AllowedOrigins: app}, `AllowedHosts[0] "*": patterns are not supported`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"*.example.com"}, AllowedOrigins: app}, `AllowedHosts[0] "*.example.com": patterns`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"http://localhost:8080"}, AllowedOrigins: app}, `a URL, not a host; write "localhost:8080"`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"localhost/mcp"}, AllowedOrigins: app}, `not a host`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"localhost:99999"}, AllowedOrigins: app}, `the port "99999" is not a port`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"localhost:0080"}, AllowedOrigins: app}, `the port "0080" is not a port`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"::1"}, AllowedOrigins: app}, `AllowedHosts[0] "::1"`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"[::1%lo]"}, AllowedOrigins: app}, `browsers send no zone`},
		{core.Config{HostGuard: true, AllowedHosts: []string{""}, AllowedOrigins: app}, `AllowedHosts[0] "": empty`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"[::ffff:127.0.0.1]:8080"}, AllowedOrigins: app}, `browsers send this address as "[::ffff:7f00:1]"; write "[::ffff:7f00:1]:8080"`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"[0:0::1]"}, AllowedOrigins: app}, `browsers send this address as "[::1]"`},
		{core.Config{HostGuard: true, AllowedHosts: []string{"bücher.example"}, AllowedOrigins: app}, `xn--`},
		{core.Config{AllowedHosts: []string{"localhost"}, AllowedOrigins: app}, `AllowedHosts "localhost": lists hosts, but HostGuard is off, so no Host is checked; set HostGuard: true`},
		{core.Config{EnforceOrigin: true, AllowedOrigins: app}, `EnforceOrigin "true": without HostGuard`},
		{core.Config{HostGuard: true, UnsafeAllowAnyHost: true, AllowedOrigins: app}, `UnsafeAllowAnyHost "true"`},
		{core.Config{UnsafeAllowAnyHost: true, AllowedOrigins: app}, `UnsafeAllowAnyHost "true": it only lets EnforceOrigin run without HostGuard`},
		{core.Config{HostGuard: true, EnforceOrigin: true, PublicScheme: "wss", AllowedOrigins: app}, `PublicScheme "wss"`},
		{core.Config{HostGuard: true, PublicScheme: "https", AllowedOrigins: app}, `PublicScheme "https": only EnforceOrigin reads it`},
		{core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"null"}}, `AllowedOrigins[0] "null": with EnforceOrigin`},
		{core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com", "file://"}}, `AllowedOrigins[1] "file://": with EnforceOrigin`},
		{core.Config{HostGuard: true, EnforceOrigin: true, Paths: []core.PathRule{{Prefix: "/a", Config: core.Config{AllowedOrigins: []string{"null"}}}}}, `Paths[0].Config.AllowedOrigins[0] "null"`},
		{core.Config{AllowedOrigins: app, Paths: []core.PathRule{{Prefix: "/a", Config: core.Config{AllowedOrigins: app, HostGuard: true}}}}, `cannot set HostGuard`},
	} {
		_, err := core.NewPolicy(c.cfg)
		var ce *core.ConfigError
		if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want a ConfigError with %q", c.cfg, err, c.want)
		}
	}
	// Several combinations that cannot work are reported together.
	_, err := core.NewPolicy(core.Config{AllowedHosts: []string{"localhost"}, EnforceOrigin: true, PublicScheme: "ftp", AllowedOrigins: app})
	for _, want := range []string{`AllowedHosts "localhost": lists hosts`, `EnforceOrigin "true": without HostGuard`, `PublicScheme "ftp"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("several problems: %v, want it to hold %q", err, want)
		}
	}
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"http://localhost:*"}})
	if notes := strings.Join(p.Notes(), "\n"); !strings.Contains(notes, `"http://localhost:*" lets through, under EnforceOrigin, every server on this machine`) {
		t.Errorf("notes %q", notes)
	}
	p = core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowAllOrigins: true})
	if notes := strings.Join(p.Notes(), "\n"); !strings.Contains(notes, "EnforceOrigin refuses no Origin, as AllowAllOrigins") {
		t.Errorf("notes %q", notes)
	}
	if p := core.MustPolicy(core.Config{HostGuard: true, AllowedOrigins: []string{"null"}}); p == nil {
		t.Error("null without EnforceOrigin is refused")
	}
}

// TestGuardExplainsRefusals: Explain and the DebugLogger say which guard
// refused a request, why, and which option lets it through.
func TestGuardExplainsRefusals(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}, DebugLogger: logger})
	for _, c := range []struct {
		r    *http.Request
		want []string
	}{
		{guardRequest("POST", "/x", "rebind.evil.com:8080", ""), []string{"HostGuard", `"rebind.evil.com:8080"`, "AllowedHosts"}},
		{guardRequest("POST", "/x", "localhost:8080", "https://evil.example"), []string{"EnforceOrigin", `"https://evil.example"`, "AllowedOrigins"}},
		{guardRequest("GET", "/x", "localhost:8080", "", "cross-site"), []string{"EnforceOrigin", "Sec-Fetch-Site", `"cross-site"`}},
		{guardRequest("POST", "/x", "localhost:8080", "https://localhost:8080"), []string{"EnforceOrigin", "PublicScheme"}},
	} {
		buf.Reset()
		e := p.Explain(c.r)
		d := p.Decide(core.NewRequest(c.r))
		if e.Kind != core.Refused || e.Status != 403 || e.Reason != d.Reason {
			t.Errorf("Explain %v %v %d, Decide %v", e.Kind, e.Reason, e.Status, d.Reason)
		}
		s := e.String()
		if strings.Contains(s, "answered by the application") {
			t.Errorf("Explain says the application answers a refused request:\n%s", s)
		}
		log := buf.String()
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("Explain lacks %q:\n%s", w, s)
			}
			if !strings.Contains(log, strings.ReplaceAll(w, `"`, `\"`)) && !strings.Contains(log, w) {
				t.Errorf("debug log lacks %q:\n%s", w, log)
			}
		}
		if !strings.Contains(log, `"reason":"`+d.Reason.Key()+`"`) {
			t.Errorf("debug log lacks the reason's key: %s", log)
		}
	}
}

// TestGuardObserved: Observe sees the guard's refusals as their own kind.
func TestGuardObserved(t *testing.T) {
	var seen []core.Observation
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}})
	src := core.Observe(p, func(o core.Observation) { seen = append(seen, o) })
	h := http.Header{}
	d := core.Handle(src, h, guardRequest("POST", "/x", "evil.com", ""))
	if !d.Answered() || len(seen) != 1 || seen[0].Kind != core.Refused || seen[0].Reason != core.ReasonHostNotAllowed || seen[0].Status != 403 {
		t.Errorf("%+v %+v", d, seen)
	}
}

// hostileHosts are Host values the guard reads in bounded time without
// allocating.
var hostileHosts = []string{
	"", "LOCALHOST:8080", "localhost.:8080", "localhost:08080", "[::1%25lo]:8080", "[::ffff:127.0.0.1]:8080",
	"[" + strings.Repeat(":", 10<<10) + "]", strings.Repeat("a", 10<<10), "localhost:" + strings.Repeat("9", 10<<10),
	"rebind.evil.com:8080",
}

// TestGuardAllocatesNothing: the guard's refusals, and enforcement's, cost
// no allocation, whatever the Host or Origin.
func TestGuardAllocatesNothing(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("allocation counts differ under -race; skipped with -short")
	}
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}})
	for _, host := range hostileHosts {
		req := core.Request{Method: "POST", Path: "/x", Host: host, Origin: []string{"http://" + host}}
		if n := testing.AllocsPerRun(100, func() { p.Decide(req) }); n != 0 {
			t.Errorf("Host %.40q: %v allocations", host, n)
		}
	}
	for _, origin := range []string{"https://evil.example", "http://localhost:8080", "HTTP://LOCALHOST:8080", "null", strings.Repeat("x", 10<<10)} {
		req := core.Request{Method: "POST", Path: "/x", Host: "localhost:8080", Origin: []string{origin}}
		if n := testing.AllocsPerRun(100, func() { p.Decide(req) }); n != 0 {
			t.Errorf("Origin %.40q: %v allocations", origin, n)
		}
	}
	req := core.Request{Method: "GET", Path: "/x", Host: "localhost:8080", SecFetchSite: "cross-site"}
	if n := testing.AllocsPerRun(100, func() { p.Decide(req) }); n != 0 {
		t.Errorf("cross-site without Origin: %v allocations", n)
	}
}

// BenchmarkHostGuard: the guard's cost for a Host as browsers send it, and
// for hostile ones, which must not grow with their length.
func BenchmarkHostGuard(b *testing.B) {
	p := core.MustPolicy(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}})
	for _, c := range []struct{ name, host string }{
		{"allowed", "localhost:8080"},
		{"rebound", "rebind.evil.com:8080"},
		{"10kB", strings.Repeat("a", 10<<10)},
		{"10kB-port", "localhost:" + strings.Repeat("9", 10<<10)},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := core.Request{Method: "POST", Path: "/x", Host: c.host}
			b.ReportAllocs()
			for b.Loop() {
				p.Decide(req)
			}
		})
	}
	// An allowed origin's request, with and without the guard and
	// enforcement: what they add to a request that passes.
	plain := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	for name, p := range map[string]*core.Policy{"granted-unguarded": plain, "granted-guarded": p} {
		b.Run(name, func(b *testing.B) {
			req := core.Request{Method: "POST", Path: "/x", Host: "localhost:8080", Origin: []string{"https://app.example.com"}}
			b.ReportAllocs()
			for b.Loop() {
				p.Decide(req)
			}
		})
	}
	b.Run("foreign-origin", func(b *testing.B) {
		req := core.Request{Method: "POST", Path: "/x", Host: "localhost:8080", Origin: []string{"https://evil.example"}}
		b.ReportAllocs()
		for b.Loop() {
			p.Decide(req)
		}
	})
}

// FuzzHostGuard: whatever the Host, the guard lets through only the
// loopback names, in any ASCII case, with no port or a port browsers
// write; and Explain agrees with the decision.
func FuzzHostGuard(f *testing.F) {
	for _, h := range hostileHosts {
		if len(h) < 300 {
			f.Add(h)
		}
	}
	for _, h := range []string{"localhost", "127.0.0.1:3000", "[::1]:8080", "LocalHost:1", "localhost:65535"} {
		f.Add(h)
	}
	p := core.MustPolicy(core.Config{HostGuard: true, AllowedOrigins: []string{"https://app.example.com"}})
	f.Fuzz(func(t *testing.T, host string) {
		d := p.Decide(core.Request{Method: "GET", Path: "/", Host: host})
		allowed := d.Kind != core.Refused
		name, port, hasPort := strings.Cut(host, "]:")
		if hasPort {
			name += "]"
		} else if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasPrefix(host, "[") {
			name, port, hasPort = host[:i], host[i+1:], true
		}
		lower := strings.ToLower(name)
		want := (lower == "localhost" || lower == "127.0.0.1" || lower == "[::1]") && strings.ToLower(name) == asciiLower(name) &&
			(!hasPort || validPort(port))
		if allowed != want {
			t.Errorf("Host %q: allowed %v, want %v", host, allowed, want)
		}
		r := httptest.NewRequest("GET", "http://x/", nil)
		r.Host = host
		if e := p.Explain(r); (e.Kind != core.Refused) != allowed {
			t.Errorf("Host %q: Explain %v, Decide %v", host, e.Kind, d.Kind)
		}
	})
}

// asciiLower lower-cases ASCII letters only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// validPort: 1 to 65535, plain digits, no leading zero.
func validPort(s string) bool {
	if s == "" || len(s) > 5 || s[0] == '0' {
		return false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}
