package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// The trust scenarios prove in the browser that one list of origins guards
// CSRF, WebSockets and a gateway as it guards CORS. They run over https
// (httptest's TLS servers, whose certificate the browser is told to
// accept), as a cross-site SPA needs: its session cookie must be Secure and
// SameSite=None, and Chromium sends Sec-Fetch-Site only to secure origins.
//
// The API is a bank on api.bank.test. The SPA, allowed by the pattern
// "https://*.spa.test:*", is on app.spa.test, another site. Attackers are
// on evil.test (another site) and on evil.bank.test (the bank's own site,
// as a compromised or user-content subdomain is, where SameSite cookies
// are no defence).
const (
	bankHost    = "api.bank.test"
	spaHost     = "app.spa.test"
	evilHost    = "evil.test"
	siblingHost = "evil.bank.test"
	// bankCookie is the name of the bank's session cookie.
	bankCookie = "bank"
)

// bankPolicy is the CORS policy of every bank server: credentials for the
// SPA's site, by a pattern, which http.CrossOriginProtection's
// AddTrustedOrigin (exact origins only) could not say.
func bankPolicy() *core.Policy {
	return core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.spa.test:*"},
		AllowCredentials: true,
	})
}

// A bankSetup says how a bank server is built: which integrations are in
// place. The correct servers have all of them; the broken ones leave one
// out.
type bankSetup struct {
	policy *core.Policy
	// csrf is the CSRF middleware: "policy" (the adapter's
	// CrossOriginProtection), "std" (net/http's, alone: trusts no other
	// origin) or "none".
	csrf string
	// wsCheck is the WebSocket handshake's origin check.
	wsCheck func(*http.Request) bool
	// upstream is the service behind the gateway routes, /gw/…, and
	// modify the gateway's ModifyResponse.
	upstream *url.URL
	modify   func(*http.Response) error
	// unpartitioned: the SPA's session cookie lacks Partitioned.
	unpartitioned bool
}

func correctSetup(upstream *url.URL) bankSetup {
	p := bankPolicy()
	return bankSetup{policy: p, csrf: "policy", wsCheck: core.CheckWebSocketOrigin(p), upstream: upstream, modify: core.DropUpstreamCORS}
}

// A trustAdapter builds a bank server in its framework: the CORS
// middleware, then the CSRF middleware, in front of app, and the gateway
// routes /gw/… proxied to s.upstream.
type trustAdapter struct {
	name   string
	server func(s bankSetup, app http.Handler) http.Handler
}

// reverseProxy is the gateway of gin and chi: net/http/httputil's.
func reverseProxy(s bankSetup) http.Handler {
	proxy := httputil.NewSingleHostReverseProxy(s.upstream)
	proxy.ModifyResponse = s.modify
	return proxy
}

var trustAdapters = []trustAdapter{
	{"gin", func(s bankSetup, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.FromPolicy(s.policy))
		if s.csrf == "policy" {
			r.Use(ginadapter.CrossOriginProtection(core.NewCrossOriginProtection(s.policy)))
		}
		r.Any("/*path", gin.WrapH(app))
		return r
	}},
	{"echo", func(s bankSetup, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.FromPolicy(s.policy))
		if s.csrf == "policy" {
			e.Use(echoadapter.CrossOriginProtection(core.NewCrossOriginProtection(s.policy)))
		}
		// Echo's own proxy middleware, with the same hook.
		e.Group("/gw", middleware.ProxyWithConfig(middleware.ProxyConfig{
			Balancer:       middleware.NewRoundRobinBalancer([]*middleware.ProxyTarget{{URL: s.upstream}}),
			ModifyResponse: s.modify,
		}))
		h := echo.WrapHandler(app)
		e.Any("/*", h)
		e.RouteNotFound("/*", h)
		return e
	}},
	{"chi", chiBank},
}

func chiBank(s bankSetup, app http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(chiadapter.FromPolicy(s.policy))
	if s.csrf == "policy" {
		r.Use(chiadapter.CrossOriginProtection(core.NewCrossOriginProtection(s.policy)))
	}
	r.Handle("/*", app)
	return r
}

// A bank is the application behind every adapter: sessions and the
// transfers made in them, and a log of every request.
type bank struct {
	mu        sync.Mutex
	sessions  map[string]int // session → transfers made
	transfers int
	log       []*bankExchange
}

// A bankExchange is one request as the bank server received and answered
// it.
type bankExchange struct {
	Method, Path, Origin, FetchSite string
	// Cookie: the request carried a session cookie of this bank.
	Cookie bool
	Status int
	// ACAO are the Access-Control-Allow-Origin values of the answer.
	ACAO []string
}

func (e bankExchange) String() string {
	return fmt.Sprintf("%s %s Origin=%q Sec-Fetch-Site=%q cookie=%v → %d ACAO=%q", e.Method, e.Path, e.Origin, e.FetchSite, e.Cookie, e.Status, e.ACAO)
}

// session returns the bank session r's cookies name, if any.
func (b *bank) session(r *http.Request) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range r.Cookies() {
		if _, ok := b.sessions[c.Value]; c.Name == bankCookie && ok {
			return c.Value, true
		}
	}
	return "", false
}

func (b *bank) newSession() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := "s" + strconv.Itoa(len(b.sessions)+1) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	b.sessions[id] = 0
	return id
}

// app is the bank's application: log-in, transfers and WebSockets.
func (b *bank) app(s bankSetup) http.Handler {
	mux := http.NewServeMux()
	// A log-in at the bank's own site, by navigation: the cookie is
	// first-party, unpartitioned, and SameSite=None, so that the bank's
	// SPA on another site can use it too. This is the cookie attackers
	// try to ride on.
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: bankCookie, Value: b.newSession(), Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteNoneMode})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML))
	})
	// A log-in from the SPA, by a credentialed fetch(): a cross-site
	// cookie, which needs SameSite=None and Secure, and Partitioned where
	// third-party cookies are blocked (docs/csrf.md).
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: bankCookie, Value: b.newSession(), Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteNoneMode, Partitioned: !s.unpartitioned})
		_, _ = w.Write([]byte("logged in"))
	})
	mux.HandleFunc("POST /transfer", func(w http.ResponseWriter, r *http.Request) {
		id, ok := b.session(r)
		if !ok {
			http.Error(w, "log in first", http.StatusUnauthorized)
			return
		}
		b.mu.Lock()
		b.sessions[id]++
		b.transfers++
		n := b.sessions[id]
		b.mu.Unlock()
		_, _ = fmt.Fprintf(w, "transferred %d", n)
	})
	mux.HandleFunc("GET /ws/gorilla", gorillaEcho(s.wsCheck))
	mux.HandleFunc("GET /ws/coder", coderEcho(s.wsCheck))
	// The gateway of gin and chi: net/http/httputil's reverse proxy.
	// Echo routes /gw/ to its own proxy middleware first.
	mux.Handle("/gw/", reverseProxy(s))
	return mux
}

// bankServer is a bank built with ad, over TLS, recording every exchange.
type bankServer struct {
	*bank
	srv *httptest.Server
}

func startBank(ad trustAdapter, s bankSetup) *bankServer {
	b := &bank{sessions: map[string]int{}}
	inner := ad.server(s, b.app(s))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := &bankExchange{Method: r.Method, Path: r.URL.Path, Origin: r.Header.Get("Origin"), FetchSite: r.Header.Get("Sec-Fetch-Site")}
		_, e.Cookie = b.session(r)
		b.mu.Lock()
		b.log = append(b.log, e)
		b.mu.Unlock()
		rw := &bankWriter{ResponseWriter: w, b: b, e: e}
		inner.ServeHTTP(rw, r)
		rw.note(http.StatusOK)
	}))
	srv.Config.ErrorLog = quietLog
	srv.StartTLS()
	return &bankServer{bank: b, srv: srv}
}

// quietLog drops the TLS handshake errors of the browser's first tries,
// before it is told to accept httptest's certificate.
var quietLog = log.New(io.Discard, "", 0)

func (b *bankServer) url(path string) string {
	return "https://" + bankHost + ":" + strconv.Itoa(b.srv.Listener.Addr().(*net.TCPAddr).Port) + path
}

// exchanges returns copies of what the bank has received so far.
func (b *bankServer) exchanges() []bankExchange {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []bankExchange
	for _, e := range b.log {
		out = append(out, *e)
	}
	return out
}

// bankWriter notes the status and the Access-Control-Allow-Origin values
// as they are sent, and lets WebSocket libraries take the connection.
type bankWriter struct {
	http.ResponseWriter
	b      *bank
	e      *bankExchange
	status int
}

func (w *bankWriter) note(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	acao := slices.Clone(w.Header().Values("Access-Control-Allow-Origin"))
	w.b.mu.Lock()
	w.e.Status, w.e.ACAO = status, acao
	w.b.mu.Unlock()
}

func (w *bankWriter) WriteHeader(status int) {
	w.note(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *bankWriter) Write(p []byte) (int, error) {
	w.note(http.StatusOK)
	return w.ResponseWriter.Write(p)
}

func (w *bankWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		w.note(http.StatusOK)
		f.Flush()
	}
}

// Hijack is how a WebSocket upgrade takes the connection: the handshake is
// answered 101 on it.
func (w *bankWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.note(http.StatusSwitchingProtocols)
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *bankWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// upstream is a service behind the gateway that answers CORS itself, as
// services written before the gateway often do: it reflects the Origin
// with credentials, so the gateway's answer, without DropUpstreamCORS,
// carries the origin twice.
func startUpstream() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Vary", "Origin")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("from upstream"))
	}))
}

// A trustScenario is one thing a page does against a bank server, and
// what must come of it.
type trustScenario struct {
	name string
	// firstPartyLogin: before the page, the user logs in at the bank's own
	// site (GET /login in the tab), holding an unpartitioned cookie.
	firstPartyLogin bool
	page            string // the page's host
	// script builds the page's script from the bank's URL for a path; its
	// result is a list of step results.
	script func(url func(string) string) string
	// check returns what differs from the expectation.
	check func(steps []stepResult, b *bankServer, env trustEnv) []string
}

// A trustEnv is the browser a scenario runs in.
type trustEnv struct {
	// thirdPartyCookies: the browser sends cookies with cross-site
	// requests, as Chrome does by default. Chromium's headless default
	// here is to block them, as Safari does and Chrome users can choose.
	thirdPartyCookies bool
}

// A stepResult is what one step of a page's script saw.
type stepResult struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
	Error  string `json:"error"`
	// WebSocket steps: whether it opened, and the reply to its message.
	Opened bool   `json:"opened"`
	Reply  string `json:"reply"`
}

// trustJS defines the page-side steps: fetchStep and wsStep resolve to a
// stepResult each, never reject.
const trustJS = `
const fetchStep = async (url, init) => {
	try {
		const res = await fetch(url, init);
		return {status: res.status, body: await res.text()};
	} catch (e) { return {error: e.name + ': ' + e.message}; }
};
const wsStep = (url, msg) => new Promise(resolve => {
	const out = {opened: false};
	let ws;
	try { ws = new WebSocket(url); } catch (e) { resolve({error: e.name + ': ' + e.message}); return; }
	const timer = setTimeout(() => { out.error = out.error || 'timeout'; try { ws.close(); } catch (e) {} resolve(out); }, 5000);
	ws.onopen = () => { out.opened = true; ws.send(msg); };
	ws.onmessage = e => { out.reply = String(e.data); clearTimeout(timer); ws.close(); resolve(out); };
	ws.onerror = () => { out.error = 'error event'; };
	ws.onclose = e => { clearTimeout(timer); if (!out.reply) out.error = (out.error || 'closed') + ' (code ' + e.code + ')'; resolve(out); };
});
`

func fetchJS(url, init string) string { return fmt.Sprintf("await fetchStep(%q, %s)", url, init) }

// steps makes a script of steps run in order.
func steps(parts ...string) string {
	return "(async () => {" + trustJS + "const out = [];\n" + "out.push(" + strings.Join(parts, ");\nout.push(") + ");\nreturn out;})()"
}

// spaLogin is the SPA's log-in: a credentialed cross-site POST.
func spaLogin(url func(string) string) string {
	return fetchJS(url("/login"), `{method: 'POST', credentials: 'include'}`)
}

// attack is an attacker's page riding on the user's cookie: a form-like
// POST with credentials, which needs no preflight, in no-cors mode, which
// does not even ask to read the answer.
func attack(url func(string) string) string {
	return steps(fetchJS(url("/transfer"), `{method: 'POST', mode: 'no-cors', credentials: 'include', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'to=mallory&amount=1000'}`))
}

// transfersMade is the check that the bank made want transfers.
func transfersMade(b *bankServer, want int) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.transfers != want {
		return []string{fmt.Sprintf("the bank made %d transfers, want %d", b.transfers, want)}
	}
	return nil
}

// refusedAttack checks that the attacker's POST reached the bank with the
// user's cookie (so that only CSRF protection can stop it) and was refused.
func refusedAttack(_ []stepResult, b *bankServer, _ trustEnv) []string {
	var ps []string
	var seen bool
	for _, e := range b.exchanges() {
		if e.Method != http.MethodPost || e.Path != "/transfer" {
			continue
		}
		seen = true
		if !e.Cookie {
			ps = append(ps, "the browser withheld the session cookie, so the scenario proves nothing: "+e.String())
		}
		if e.Status != http.StatusForbidden {
			ps = append(ps, "the forged transfer was not refused with 403: "+e.String())
		}
	}
	if !seen {
		ps = append(ps, "the forged transfer never reached the bank")
	}
	return append(ps, transfersMade(b, 0)...)
}

// wsScenario opens a WebSocket to lib's endpoint from host's page.
func wsScenario(lib, host string, allowed bool) trustScenario {
	verb := "refused"
	if allowed {
		verb = "exchanges a message"
	}
	return trustScenario{
		name: "websocket/" + lib + ": page on " + host + " " + verb,
		page: host,
		script: func(url func(string) string) string {
			return steps(fmt.Sprintf("await wsStep(%q, 'hello')", strings.Replace(url("/ws/"+lib), "https://", "wss://", 1)))
		},
		check: func(steps []stepResult, b *bankServer, _ trustEnv) []string {
			var ps []string
			s := steps[0]
			if allowed && (!s.Opened || s.Reply != "echo: hello") {
				ps = append(ps, fmt.Sprintf("the socket did not work: %+v", s))
			}
			if !allowed && (s.Opened || s.Reply != "") {
				ps = append(ps, fmt.Sprintf("the socket opened from an unlisted origin: %+v", s))
			}
			var handshakes []bankExchange
			for _, e := range b.exchanges() {
				if strings.HasPrefix(e.Path, "/ws/") {
					handshakes = append(handshakes, e)
				}
			}
			want := http.StatusSwitchingProtocols
			if !allowed {
				want = http.StatusForbidden
			}
			if len(handshakes) != 1 || handshakes[0].Status != want {
				ps = append(ps, fmt.Sprintf("handshakes %v, want one answered %d", handshakes, want))
			}
			return ps
		},
	}
}

var trustScenarios = []trustScenario{
	{
		name: "csrf: allowed SPA logs in and transfers (credentialed cross-site POSTs)",
		page: spaHost,
		script: func(url func(string) string) string {
			return steps(spaLogin(url), fetchJS(url("/transfer"), `{method: 'POST', credentials: 'include', headers: {'Content-Type': 'application/json'}, body: '{"to":"alice","amount":1}'}`))
		},
		check: func(steps []stepResult, b *bankServer, _ trustEnv) []string {
			var ps []string
			if s := steps[0]; s.Status != http.StatusOK || s.Body != "logged in" {
				ps = append(ps, fmt.Sprintf("log-in: %+v", s))
			}
			if s := steps[1]; s.Status != http.StatusOK || s.Body != "transferred 1" {
				ps = append(ps, fmt.Sprintf("transfer: %+v, want 200 \"transferred 1\"", s))
			}
			return append(ps, transfersMade(b, 1)...)
		},
	},
	{
		name:            "csrf: cross-site attacker on evil.test is refused, nothing changes",
		firstPartyLogin: true,
		page:            evilHost,
		script:          attack,
		check: func(steps []stepResult, b *bankServer, env trustEnv) []string {
			if env.thirdPartyCookies {
				return refusedAttack(steps, b, env)
			}
			// The browser withholds the cookie itself; nothing may change.
			var ps []string
			for _, e := range b.exchanges() {
				if e.Path == "/transfer" && e.Cookie {
					ps = append(ps, "the browser sent a third-party cookie it blocks: "+e.String())
				}
			}
			return append(ps, transfersMade(b, 0)...)
		},
	},
	{
		name:            "csrf: same-site attacker on evil.bank.test is refused, nothing changes",
		firstPartyLogin: true,
		page:            siblingHost,
		script:          attack,
		check:           refusedAttack,
	},
	wsScenario("gorilla", spaHost, true),
	wsScenario("gorilla", evilHost, false),
	wsScenario("coder", spaHost, true),
	wsScenario("coder", evilHost, false),
	{
		name: "gateway: page reads a proxied answer with one Access-Control-Allow-Origin",
		page: spaHost,
		script: func(url func(string) string) string {
			return steps(fetchJS(url("/gw/hello"), `{credentials: 'include'}`))
		},
		check: func(steps []stepResult, b *bankServer, _ trustEnv) []string {
			var ps []string
			if s := steps[0]; s.Status != http.StatusOK || s.Body != "from upstream" {
				ps = append(ps, fmt.Sprintf("fetch: %+v, want 200 \"from upstream\"", s))
			}
			for _, e := range b.exchanges() {
				if e.Path == "/gw/hello" && len(e.ACAO) != 1 {
					ps = append(ps, "the gateway's answer does not carry exactly one Access-Control-Allow-Origin: "+e.String())
				}
			}
			return ps
		},
	},
}

// A brokenTrust is a bank server with one integration removed; the
// scenarios it names must fail in the browsers named.
type brokenTrust struct {
	name, about string
	setup       func(s bankSetup) bankSetup
	// caught maps scenario name prefixes to the browsers where they must
	// fail: "any", "third-party cookies allowed" or "blocked".
	caught map[string]string
}

var brokenTrusts = []brokenTrust{
	{"no CSRF protection", "CORS alone: the browser sends the forged POST with the cookie, and the bank acts on it",
		func(s bankSetup) bankSetup { s.csrf = "none"; return s },
		map[string]string{"csrf: cross-site attacker": "third-party cookies allowed", "csrf: same-site attacker": "any"}},
	{"http.CrossOriginProtection alone", "net/http's protection without the policy's trust, as docs/security.md used to advise: the allowed SPA's writes get 403",
		func(s bankSetup) bankSetup { s.csrf = "std"; return s },
		map[string]string{"csrf: allowed SPA": "any"}},
	{"cookie without Partitioned", "the SPA's cross-site session cookie is SameSite=None; Secure but not Partitioned: where third-party cookies are blocked it is never sent",
		func(s bankSetup) bankSetup { s.unpartitioned = true; return s },
		map[string]string{"csrf: allowed SPA": "blocked"}},
	{"WebSocket origin unchecked", "CheckOrigin returns true: any site opens the socket with the user's cookies",
		func(s bankSetup) bankSetup { s.wsCheck = func(*http.Request) bool { return true }; return s },
		map[string]string{"websocket/gorilla: page on evil.test": "any", "websocket/coder: page on evil.test": "any"}},
	{"gateway keeps the upstream's CORS", "no DropUpstreamCORS: two Access-Control-Allow-Origin values",
		func(s bankSetup) bankSetup { s.modify = nil; return s },
		map[string]string{"gateway:": "any"}},
}

// brokenServer is chi's bank with the setup's integrations, and net/http's
// CrossOriginProtection in front when s.csrf is "std".
func brokenServer(s bankSetup, app http.Handler) http.Handler {
	h := chiBank(s, app)
	if s.csrf == "std" {
		h = http.NewCrossOriginProtection().Handler(h)
	}
	return h
}

// trustBrowser drives one tab over https pages.
type trustBrowser struct {
	tab   *tab
	pages *httptest.Server
	env   trustEnv
}

func (tb *trustBrowser) pageURL(host string) string {
	return "https://" + host + ":" + strconv.Itoa(tb.pages.Listener.Addr().(*net.TCPAddr).Port) + "/"
}

// runTrust runs sc against a bank built by server from setup, and returns
// the problems found.
func (tb *trustBrowser) runTrust(sc trustScenario, server func(bankSetup, http.Handler) http.Handler, setup bankSetup) ([]string, error) {
	b := startBank(trustAdapter{server: server}, setup)
	defer b.srv.Close()
	ctx, cancel := context.WithTimeout(tb.tab.ctx, 30*time.Second)
	defer cancel()
	tb.tab.page = ""
	if sc.firstPartyLogin {
		if err := chromedp.Do(ctx, chromedp.Navigate(b.url("/login"))); err != nil {
			return nil, fmt.Errorf("logging in at the bank: %w", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(tb.pageURL(sc.page))); err != nil {
		return nil, fmt.Errorf("opening %s: %w", sc.page, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[[]stepResult](sc.script(b.url), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running the page's script: %w", err)
	}
	ps := sc.check(res, b, tb.env)
	if len(ps) > 0 {
		raw, _ := json.Marshal(res)
		ps = append(ps, "page saw: "+string(raw))
		for _, e := range b.exchanges() {
			ps = append(ps, "bank saw: "+e.String())
		}
	}
	return ps, nil
}

// allowThirdPartyCookies writes a profile preference that lets the
// browser send cookies with cross-site requests, as Chrome does by default.
func allowThirdPartyCookies(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(`{"profile":{"cookie_controls_mode":0}}`), 0o644)
}

// TestTrustBrowser runs every trust scenario against every adapter in
// headless Chromium, twice: as it ships here, blocking third-party cookies
// (as Safari does), and with them allowed (as Chrome does by default).
// Then it runs them against chi with each integration removed, which must
// fail the scenarios it is about.
func TestTrustBrowser(t *testing.T) {
	blocking := needBrowser(t)
	path, _ := findBrowser()
	allowing, err := launch(path, allowThirdPartyCookies)
	if err != nil {
		t.Fatalf("starting a second browser: %v", err)
	}
	defer allowing.cancel()

	pages := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML))
	}))
	pages.Config.ErrorLog = quietLog
	pages.StartTLS()
	defer pages.Close()
	upstream := startUpstream()
	defer upstream.Close()
	target, _ := url.Parse(upstream.URL)

	for _, br := range []struct {
		name string
		c    *chromium
		env  trustEnv
	}{
		{"third-party cookies blocked", blocking, trustEnv{}},
		{"third-party cookies allowed", allowing, trustEnv{thirdPartyCookies: true}},
	} {
		t.Run(br.name, func(t *testing.T) {
			tab, err := br.c.newTab()
			if err != nil {
				t.Fatal(err)
			}
			defer tab.close()
			// httptest's certificate is for example.com and 127.0.0.1;
			// the browser accepts it for the .test names.
			if _, err := chromedp.Call(tab.ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true}); err != nil {
				t.Fatalf("telling the browser to accept httptest's certificate: %v", err)
			}
			tb := &trustBrowser{tab: tab, pages: pages, env: br.env}
			for _, ad := range trustAdapters {
				t.Run(ad.name, func(t *testing.T) {
					for _, sc := range trustScenarios {
						t.Run(sc.name, func(t *testing.T) {
							ps, err := tb.runTrust(sc, ad.server, correctSetup(target))
							if err != nil {
								t.Fatal(err)
							}
							for _, p := range ps {
								t.Error(p)
							}
						})
					}
				})
			}

			t.Run("integration removed is caught", func(t *testing.T) {
				for _, bt := range brokenTrusts {
					t.Run(bt.name, func(t *testing.T) {
						for _, sc := range trustScenarios {
							mode := ""
							for prefix, m := range bt.caught {
								if strings.HasPrefix(sc.name, prefix) {
									mode = m
								}
							}
							if mode == "" || mode != "any" && !strings.HasSuffix(br.name, mode) {
								continue
							}
							ps, err := tb.runTrust(sc, brokenServer, bt.setup(correctSetup(target)))
							if err != nil {
								t.Fatal(err)
							}
							if len(ps) == 0 {
								t.Errorf("%s: passes without the integration (%s)", sc.name, bt.about)
								continue
							}
							t.Logf("%s fails, as it must: %s", sc.name, ps[0])
						}
					})
				}
			})
		})
	}
}
