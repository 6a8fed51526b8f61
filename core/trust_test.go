package core_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// trustConfig lists an origin of every kind TrustsOrigin must honour: an
// exact entry, a subdomain pattern, an any-port pattern, a regex and a hook.
func trustConfig() core.Config {
	return core.Config{
		AllowedOrigins:       []string{"https://app.example.com", "https://*.tenant.example.com", "http://localhost:*", "null"},
		AllowedOriginRegexes: []string{`https://[a-z]+\.preview\.example\.net`},
		AllowCredentials:     true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			return r.Header.Get("Origin") == "https://partner.example.org" && r.Header.Get("X-Partner") == "yes"
		}},
	}
}

// crossSite is a request as a browser sends it from a page on origin: a
// cross-site POST, with Sec-Fetch-Site.
func crossSite(method, path, origin string) *http.Request {
	r := httptest.NewRequest(method, "https://api.example.com"+path, strings.NewReader("x"))
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	return r
}

func TestTrustsOrigin(t *testing.T) {
	p := core.MustPolicy(trustConfig())
	partner := crossSite(http.MethodPost, "/", "https://partner.example.org")
	partner.Header.Set("X-Partner", "yes")
	twoOrigins := crossSite(http.MethodPost, "/", "https://app.example.com")
	twoOrigins.Header.Add("Origin", "https://app.example.com")
	for _, tc := range []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"exact entry", crossSite(http.MethodPost, "/", "https://app.example.com"), true},
		{"exact entry with a default port and upper case", crossSite(http.MethodPost, "/", "HTTPS://APP.example.com:443"), true},
		{"subdomain pattern", crossSite(http.MethodPost, "/", "https://a.b.tenant.example.com"), true},
		{"subdomain pattern, never the apex", crossSite(http.MethodPost, "/", "https://tenant.example.com"), false},
		{"any-port pattern", crossSite(http.MethodPost, "/", "http://localhost:5173"), true},
		{"regex", crossSite(http.MethodPost, "/", "https://pr.preview.example.net"), true},
		{"regex is anchored", crossSite(http.MethodPost, "/", "https://pr.preview.example.net.evil.test"), false},
		{"hook reads the request", partner, true},
		{"hook says no", crossSite(http.MethodPost, "/", "https://partner.example.org"), false},
		{"listed null", crossSite(http.MethodPost, "/", "null"), true},
		{"unlisted", crossSite(http.MethodPost, "/", "https://evil.test"), false},
		{"other scheme", crossSite(http.MethodPost, "/", "http://app.example.com"), false},
		{"no Origin", crossSite(http.MethodPost, "/", ""), false},
		{"two Origin values", twoOrigins, false},
		{"malformed", crossSite(http.MethodPost, "/", "https://app.example.com/"), false},
	} {
		if got := p.TrustsOrigin(tc.r); got != tc.want {
			t.Errorf("%s: TrustsOrigin(Origin %q) = %v, want %v", tc.name, tc.r.Header.Values("Origin"), got, tc.want)
		}
	}
}

// Without AllowCredentials no origin has access with cookies, so none is
// trusted, hooks included.
func TestTrustsOriginNeedsCredentials(t *testing.T) {
	cfg := trustConfig()
	cfg.AllowCredentials = false
	p := core.MustPolicy(cfg)
	r := crossSite(http.MethodPost, "/", "https://partner.example.org")
	r.Header.Set("X-Partner", "yes")
	for _, req := range []*http.Request{crossSite(http.MethodPost, "/", "https://app.example.com"), r} {
		if p.TrustsOrigin(req) {
			t.Errorf("Origin %q trusted without AllowCredentials", req.Header.Get("Origin"))
		}
	}
}

// AllowAllOrigins never trusts every origin: that would turn CSRF
// protection off. Hooks still count.
func TestTrustsOriginIgnoresAllowAll(t *testing.T) {
	for _, cfg := range []core.Config{
		{AllowAllOrigins: true},
		{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true},
	} {
		p := core.MustPolicy(cfg)
		if p.TrustsOrigin(crossSite(http.MethodPost, "/", "https://evil.test")) {
			t.Errorf("%+v: an arbitrary origin is trusted", cfg)
		}
		cop := core.NewCrossOriginProtection(p)
		if err := cop.Check(crossSite(http.MethodPost, "/", "https://evil.test")); err == nil {
			t.Errorf("%+v: CrossOriginProtection lets a cross-site POST through", cfg)
		}
		if core.CheckWebSocketOrigin(p)(crossSite(http.MethodGet, "/ws", "https://evil.test")) {
			t.Errorf("%+v: a cross-site WebSocket handshake is let through", cfg)
		}
	}
	p := core.MustPolicy(core.Config{
		AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool { return r.Header.Get("Origin") == "https://app.example.com" }},
	})
	if !p.TrustsOrigin(crossSite(http.MethodPost, "/", "https://app.example.com")) {
		t.Error("with AllowAllOrigins, an origin a hook trusts is not trusted")
	}
	if p.TrustsOrigin(crossSite(http.MethodPost, "/", "https://evil.test")) {
		t.Error("with AllowAllOrigins and a hook, an arbitrary origin is trusted")
	}
}

// URLsRegex limits trust as it limits CORS; a hook still enables any path.
func TestTrustsOriginURLsRegex(t *testing.T) {
	cfg := trustConfig()
	cfg.URLsRegex = "/api/"
	p := core.MustPolicy(cfg)
	if !p.TrustsOrigin(crossSite(http.MethodPost, "/api/items", "https://app.example.com")) {
		t.Error("/api/items: not trusted")
	}
	if p.TrustsOrigin(crossSite(http.MethodPost, "/admin", "https://app.example.com")) {
		t.Error("/admin, outside URLsRegex: trusted")
	}
	r := crossSite(http.MethodPost, "/admin", "https://partner.example.org")
	r.Header.Set("X-Partner", "yes")
	if !p.TrustsOrigin(r) {
		t.Error("/admin: the hook's grant is ignored")
	}
}

func TestTrustAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	p := core.MustPolicy(core.Config{
		AllowedOrigins:       []string{"https://app.example.com", "https://*.tenant.example.com", "http://localhost:*"},
		AllowedOriginRegexes: []string{`https://[a-z]+\.preview\.example\.net`},
		AllowCredentials:     true,
		CheckRequest:         []func(*http.Request) bool{func(*http.Request) bool { return false }},
	})
	ws := core.CheckWebSocketOrigin(p)
	cop := core.NewCrossOriginProtection(p)
	for _, origin := range []string{"https://app.example.com", "https://a.tenant.example.com", "http://localhost:3000",
		"https://pr.preview.example.net", "https://evil.test", "not an origin"} {
		r := crossSite(http.MethodPost, "/", origin)
		if n := testing.AllocsPerRun(100, func() { p.TrustsOrigin(r) }); n != 0 {
			t.Errorf("TrustsOrigin(%q): %v allocations", origin, n)
		}
		if n := testing.AllocsPerRun(100, func() { ws(r) }); n != 0 {
			t.Errorf("CheckWebSocketOrigin(%q): %v allocations", origin, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = cop.Check(r) }); n != 0 {
			t.Errorf("CrossOriginProtection.Check(%q): %v allocations", origin, n)
		}
	}
}

// serve runs r through h and returns the status and body.
func serve(h http.Handler, r *http.Request) (int, string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func TestCrossOriginProtection(t *testing.T) {
	live := core.NewLive(core.MustPolicy(trustConfig()))
	cop := core.NewCrossOriginProtection(live)
	var writes atomic.Int64
	h := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writes.Add(1)
		_, _ = io.WriteString(w, "done")
	}))
	sameOrigin := crossSite(http.MethodPost, "/", "https://api.example.com")
	sameOrigin.Header.Set("Sec-Fetch-Site", "same-origin")
	sameSite := crossSite(http.MethodPost, "/", "https://evil.example.com")
	sameSite.Header.Set("Sec-Fetch-Site", "same-site")
	oldBrowserSame := crossSite(http.MethodPost, "/", "https://api.example.com")
	oldBrowserSame.Header.Del("Sec-Fetch-Site")
	oldBrowserTrusted := crossSite(http.MethodPost, "/", "https://app.example.com")
	oldBrowserTrusted.Header.Del("Sec-Fetch-Site")
	oldBrowserEvil := crossSite(http.MethodPost, "/", "https://evil.test")
	oldBrowserEvil.Header.Del("Sec-Fetch-Site")
	notBrowser := crossSite(http.MethodPost, "/", "")
	notBrowser.Header.Del("Sec-Fetch-Site")
	for _, tc := range []struct {
		name string
		r    *http.Request
		want int
	}{
		{"trusted exact", crossSite(http.MethodPost, "/", "https://app.example.com"), http.StatusOK},
		{"trusted pattern, DELETE", crossSite(http.MethodDelete, "/", "https://x.tenant.example.com"), http.StatusOK},
		{"trusted regex, PUT", crossSite(http.MethodPut, "/", "https://pr.preview.example.net"), http.StatusOK},
		{"unlisted", crossSite(http.MethodPost, "/", "https://evil.test"), http.StatusForbidden},
		{"unlisted, same site", sameSite, http.StatusForbidden},
		{"unlisted, GET", crossSite(http.MethodGet, "/", "https://evil.test"), http.StatusOK},
		{"same origin", sameOrigin, http.StatusOK},
		{"old browser, Origin matches Host", oldBrowserSame, http.StatusOK},
		{"old browser, trusted", oldBrowserTrusted, http.StatusOK},
		{"old browser, unlisted", oldBrowserEvil, http.StatusForbidden},
		{"not a browser", notBrowser, http.StatusOK},
	} {
		before := writes.Load()
		code, body := serve(h, tc.r)
		if code != tc.want {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, code, tc.want, body)
		}
		if ran := writes.Load() != before; ran != (tc.want == http.StatusOK) {
			t.Errorf("%s: handler ran = %v", tc.name, ran)
		}
		if code == http.StatusForbidden && !strings.Contains(body, "cross-origin request detected") {
			t.Errorf("%s: refusal body %q is not the standard library's", tc.name, body)
		}
	}

	// A reload applies to the next request.
	evil := func() *http.Request { return crossSite(http.MethodPost, "/", "https://evil.test") }
	cfg := trustConfig()
	cfg.AllowedOrigins = append(cfg.AllowedOrigins, "https://evil.test")
	if err := live.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if code, _ := serve(h, evil()); code != http.StatusOK {
		t.Errorf("after adding the origin by Reload: status %d", code)
	}
	if err := live.Reload(trustConfig()); err != nil {
		t.Fatal(err)
	}
	if code, _ := serve(h, evil()); code != http.StatusForbidden {
		t.Errorf("after removing the origin by Reload: status %d", code)
	}

	// The deny handler and bypass patterns work as in the standard library.
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	if code, _ := serve(h, evil()); code != http.StatusTeapot {
		t.Errorf("with a deny handler: status %d", code)
	}
	cop.SetDenyHandler(nil)
	cop.AddInsecureBypassPattern("POST /hooks/")
	if code, _ := serve(h, crossSite(http.MethodPost, "/hooks/github", "https://evil.test")); code != http.StatusOK {
		t.Errorf("bypass pattern: status %d", code)
	}
	if code, _ := serve(h, evil()); code != http.StatusForbidden {
		t.Errorf("outside the bypass pattern: status %d", code)
	}
	// A path a ServeMux would only redirect to the pattern is not bypassed
	// (go1.25.0 let it through: CVE-2025-47910; go.mod requires a fixed Go).
	for _, path := range []string{"/hooks", "/hooks/../admin", "/Hooks/github"} {
		if code, _ := serve(h, crossSite(http.MethodPost, path, "https://evil.test")); code != http.StatusForbidden {
			t.Errorf("POST %s with the bypass pattern POST /hooks/: status %d, want 403", path, code)
		}
	}
}

// Hooks run only for the requests the standard library's check refuses.
func TestCrossOriginProtectionRunsHooksOnlyWhenNeeded(t *testing.T) {
	var calls atomic.Int64
	p := core.MustPolicy(core.Config{AllowCredentials: true, CheckRequest: []func(*http.Request) bool{
		func(*http.Request) bool { calls.Add(1); return false },
	}})
	cop := core.NewCrossOriginProtection(p)
	same := crossSite(http.MethodPost, "/", "https://api.example.com")
	same.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, r := range []*http.Request{crossSite(http.MethodGet, "/", "https://evil.test"), same} {
		if err := cop.Check(r); err != nil {
			t.Errorf("Check: %v", err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("hooks ran %d times for requests the standard check passes", n)
	}
	if cop.Check(crossSite(http.MethodPost, "/", "https://evil.test")) == nil {
		t.Error("refused by the hook, yet passed")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("hooks ran %d times for one refused request, want 1", n)
	}
}

func TestCheckWebSocketOrigin(t *testing.T) {
	live := core.NewLive(core.MustPolicy(trustConfig()))
	check := core.CheckWebSocketOrigin(live)
	handshake := func(origin string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/ws", nil)
		r.Header.Set("Connection", "Upgrade")
		r.Header.Set("Upgrade", "websocket")
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		return r
	}
	two := handshake("https://app.example.com")
	two.Header.Add("Origin", "https://evil.test")
	for _, tc := range []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"no Origin: not a browser", handshake(""), true},
		{"same host", handshake("https://api.example.com"), true},
		{"same host, other case", handshake("https://API.example.com"), true},
		{"trusted", handshake("https://app.example.com"), true},
		{"trusted pattern", handshake("https://t1.tenant.example.com"), true},
		{"unlisted: cross-site WebSocket hijacking", handshake("https://evil.test"), false},
		{"same host name, other port", handshake("https://api.example.com:8443"), false},
		{"two Origin values", two, false},
		{"malformed", handshake("https://api.example.com/path"), false},
	} {
		if got := check(tc.r); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	cfg := trustConfig()
	cfg.AllowedOrigins = []string{"https://evil.test"}
	if err := live.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if !check(handshake("https://evil.test")) || check(handshake("https://app.example.com")) {
		t.Error("a reload is not applied")
	}
}

// A gateway that runs the CORS middleware in front of a reverse proxy
// answers with its own decision only when the upstream's CORS headers are
// dropped; otherwise two Access-Control-Allow-Origin values reach the
// browser, which refuses them.
func TestDropUpstreamCORS(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "X-Upstream")
		h.Set("access-control-max-age", "600")
		h.Set("Vary", "Origin, Accept-Encoding")
		h.Set("X-Upstream", "1")
		_, _ = io.WriteString(w, "upstream")
	}))
	defer upstream.Close()
	target, _ := url.Parse(upstream.URL)
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	gateway := func(modify func(*http.Response) error) http.Handler {
		proxy := httputil.NewSingleHostReverseProxy(target)
		proxy.ModifyResponse = modify
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d := core.Handle(p, w.Header(), r); d.Answered() {
				w.WriteHeader(d.Status)
				return
			}
			proxy.ServeHTTP(w, r)
		})
	}
	get := func(h http.Handler) http.Header {
		r := httptest.NewRequest(http.MethodGet, "/api", nil)
		r.Header.Set("Origin", "https://app.example.com")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Result().Header
	}

	h := get(gateway(nil))
	if n := len(h.Values("Access-Control-Allow-Origin")); n != 2 {
		t.Fatalf("without DropUpstreamCORS: %d Access-Control-Allow-Origin values %q, want the duplicate this helper exists for", n, h.Values("Access-Control-Allow-Origin"))
	}

	h = get(gateway(core.DropUpstreamCORS))
	if got := h.Values("Access-Control-Allow-Origin"); len(got) != 1 || got[0] != "https://app.example.com" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the gateway's one value", got)
	}
	if got := h.Values("Access-Control-Allow-Credentials"); len(got) != 1 || got[0] != "true" {
		t.Errorf("Access-Control-Allow-Credentials = %q", got)
	}
	for _, name := range []string{"Access-Control-Expose-Headers", "Access-Control-Max-Age"} {
		if v := h.Values(name); v != nil {
			t.Errorf("%s = %q: the upstream's header is passed on", name, v)
		}
	}
	if h.Get("X-Upstream") != "1" {
		t.Error("an unrelated header of the upstream is lost")
	}
	if vary := strings.Join(h.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") || !strings.Contains(vary, "Origin") {
		t.Errorf("Vary = %q: the upstream's Vary must be kept", vary)
	}
}

// A refused write is explained by the DebugLogger, in words that say what
// to change.
func TestCrossOriginProtectionDebugLog(t *testing.T) {
	for _, tc := range []struct {
		cfg  core.Config
		want string
	}{
		{core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true}, "matches no entry"},
		{core.Config{AllowedOrigins: []string{"https://evil.test"}}, "AllowCredentials is off"},
		{core.Config{AllowAllOrigins: true}, "AllowCredentials is off"},
		{core.Config{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true}, "AllowAllOrigins never trusts"},
	} {
		var buf strings.Builder
		tc.cfg.DebugLogger = slog.New(slog.NewTextHandler(&buf, nil))
		cop := core.NewCrossOriginProtection(core.MustPolicy(tc.cfg))
		if cop.Check(crossSite(http.MethodPost, "/transfer", "https://evil.test")) == nil {
			t.Fatalf("%+v: not refused", tc.cfg)
		}
		line := buf.String()
		for _, want := range []string{"cross-origin write refused", "origin=https://evil.test", "path=/transfer", tc.want} {
			if !strings.Contains(line, want) {
				t.Errorf("%+v: log %q lacks %q", tc.cfg, line, want)
			}
		}
	}
}

// TrustsOrigin and Decide read one list: for every credentialed
// configuration of the conformance cases (without allow-all, which
// TrustsOrigin ignores) and every Origin those cases send, an actual
// request's origin is trusted exactly when Decide grants it.
func TestTrustsOriginAgreesWithDecide(t *testing.T) {
	type config struct {
		name string
		cfg  core.Config
	}
	var configs []config
	var origins [][]string
	paths := map[string]bool{}
	for _, c := range corstest.Cases() {
		r := c.HTTPRequest()
		paths[r.URL.Path] = true
		if o := r.Header.Values("Origin"); o != nil {
			origins = append(origins, o)
		}
		if !c.Config.AllowCredentials || c.Config.AllowAllOrigins {
			continue
		}
		cfg := c.Config
		cfg.DebugLogger = nil
		for _, h := range c.Hooks {
			cfg.CheckRequest = append(cfg.CheckRequest, func(r *http.Request) bool {
				if h.PathPrefix != "" {
					return strings.HasPrefix(r.URL.Path, h.PathPrefix)
				}
				return h.Result
			})
		}
		configs = append(configs, config{c.Name, cfg})
	}
	if len(configs) < 10 || len(origins) < 50 {
		t.Fatalf("only %d configurations and %d origins", len(configs), len(origins))
	}
	// The race detector finds nothing in this one goroutine and makes the
	// product twenty times slower: under it, every fifth origin suffices.
	step := 1
	if raceEnabled {
		step = 5
	}
	checked := 0
	for _, c := range configs {
		p, err := core.NewPolicy(c.cfg)
		if err != nil {
			continue // cases of refused configurations
		}
		for path := range paths {
			// One request per path, its Origin changed in place: building
			// a request costs a hundred times what the two decisions do.
			r := httptest.NewRequest(http.MethodPost, "http://api.example.test"+path, nil)
			for i := 0; i < len(origins); i += step {
				o := origins[i]
				r.Header["Origin"] = o
				granted := p.Decide(core.NewRequest(r)).Allowed()
				if trusted := p.TrustsOrigin(r); trusted != granted {
					t.Errorf("%s: POST %s from %q: TrustsOrigin %v, Decide grants %v", c.name, path, o, trusted, granted)
				}
				checked++
			}
		}
	}
	t.Logf("%d configurations × paths × origins checked", checked)
}

// BenchmarkTrust measures the trust decision CSRF protection and WebSocket
// handshakes add per request, for an origin trusted by an exact entry, one
// trusted by a pattern, and an unlisted one (hooks included).
func BenchmarkTrust(b *testing.B) {
	p := core.MustPolicy(core.Config{
		AllowedOrigins:       []string{"https://app.example.com", "https://*.tenant.example.com"},
		AllowedOriginRegexes: []string{`https://[a-z]+\.preview\.example\.net`},
		AllowCredentials:     true,
		CheckRequest:         []func(*http.Request) bool{func(*http.Request) bool { return false }},
	})
	cop := core.NewCrossOriginProtection(p)
	for _, origin := range []string{"https://app.example.com", "https://a.tenant.example.com", "https://evil.test"} {
		r := crossSite(http.MethodPost, "/", origin)
		b.Run("TrustsOrigin/"+origin, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.TrustsOrigin(r)
			}
		})
		b.Run("CrossOriginProtection.Check/"+origin, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = cop.Check(r)
			}
		})
	}
}
