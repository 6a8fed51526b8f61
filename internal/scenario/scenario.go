// Package scenario holds the browser scenarios of corsheaders' real-browser
// suite (module e2e): each is a fetch() a page makes, the server's expected
// answers and what the browser must make of them. The server's side of each
// scenario is also a plain case of [corstest.Cases], written out there by
// TestTwinsInCorstest, so that every adapter's unit tests check it too.
//
// The package lives in the module github.com/corsheaders/corsheaders/internal,
// which only this repository's test and tool modules require: users of
// corsheaders never download it.
package scenario

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// A Scenario is one fetch() made by a page in a real browser against
// an API server, with everything the outcome must be: what the script sees,
// which requests reach the server, and the server's answer to each. The e2e
// suite runs it in headless Chromium; [Scenario.Cases] turns the
// server's side of it into ordinary Cases, which [corstest.Cases] includes
// with example ports, so that the unit suite and the browser suite read their
// expectations from the same data.
//
// Origins are written with placeholders for the ports of the page servers,
// which a browser run only learns when it starts them: "{page}" is the main
// page server's port and "{alt}" a second page server's.
type Scenario struct {
	// Name starts with "browser/".
	Name string
	// Page is the origin of the page that calls fetch(), such as
	// "http://app.example.test:{page}". Every name under .test resolves to
	// the loopback address in the browser.
	Page string
	// Sandboxed runs the fetch in an iframe of Page with sandbox="allow-scripts"
	// and a srcdoc, whose origin is opaque: the browser sends "Origin: null".
	Sandboxed bool

	// Config is the API server's configuration; origins and regexes may
	// hold placeholders.
	Config core.Config
	// Hooks are CheckRequest hooks, as in a Case. Their Calls count is per
	// request.
	Hooks []corstest.Hook
	// AppStatus is the status the application answers every request with;
	// zero means 200.
	AppStatus int

	// Fetch is the call the page's script makes.
	Fetch Fetch

	// Preflight is the server's answer to the preflight the browser must
	// send; nil means the browser must send none.
	Preflight *Exchange
	// Actual is the server's answer to the actual request; nil means the
	// browser must not send it (its preflight failed).
	Actual *Exchange
	// Want is what fetch() gives the script.
	Want Verdict
	// Cookie says whether the actual request must carry the cookie the API
	// origin set (SameSite=Lax, as a session cookie usually is). A preflight
	// never carries cookies.
	Cookie bool
}

// Fetch is a fetch() call: fetch(url, {method, headers, body, credentials}).
type Fetch struct {
	// Method is passed to fetch() as written: "" means GET. Browsers
	// upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT, so "patch"
	// is sent as "patch".
	Method string
	// Path is the API path; "" means "/api/resource".
	Path string
	// Header lists the request headers the script sets.
	Header [][2]string
	// Body is the request body; "" sends none. A string body makes the
	// browser add "Content-Type: text/plain;charset=UTF-8" unless Header
	// sets one.
	Body string
	// Credentials is fetch()'s credentials mode: "omit", "same-origin"
	// (the default when "") or "include".
	Credentials string
	// Times is how many times the script makes the call, one after the
	// other; zero means once.
	Times int
	// Pause is how long the script waits between two calls.
	Pause time.Duration
	// Cache is fetch()'s cache mode; "" means "default". Chromium (seen in
	// version 156) skips its preflight cache in the modes "no-store",
	// "reload" and "no-cache": every such call is preflighted, whatever
	// Access-Control-Max-Age said. The Fetch standard ties the preflight
	// cache to no cache mode.
	Cache string
}

// An Exchange is the server's answer to one request of a scenario, checked
// as a Case is: the Kind the policy gives it, and the exact Access-Control-*
// and Vary headers, with placeholders.
type Exchange struct {
	Kind   core.Kind
	Header map[string]string
}

// A Verdict is what a page's fetch() gives the script.
type Verdict struct {
	// Error: fetch() rejects with a TypeError, so the script learns nothing
	// of the response, not even its status.
	Error bool
	// Status is the response status the script reads.
	Status int
	// Readable lists, by lower-case name and sorted, the headers of
	// [AppHeaders] that the script can read.
	Readable []string
}

// String is v as the results table shows it: "TypeError", or the status
// followed by " +name" for each readable header.
func (v Verdict) String() string {
	if v.Error {
		return "TypeError"
	}
	s := strconv.Itoa(v.Status)
	for _, h := range v.Readable {
		s += " +" + h
	}
	return s
}

// AppHeaders are headers the application of a browser scenario sets
// on every response it writes, beside its status: none is readable by a
// cross-origin script unless exposed. The application also writes
// [corstest.AppBody] and "Cache-Control: no-store", so that the browser's HTTP cache
// never hides a request from the server.
var AppHeaders = [][2]string{{"X-Total-Count", "42"}, {"X-Request-Id", "req-7"}}

// Cookie is the cookie the browser holds for the API server's host
// in every scenario: SameSite=Lax and not Secure, a session cookie as
// applications set them.
const Cookie = "session=s3cret"

// Hosts of the browser scenarios. All are under .test, which the browser
// resolves to the loopback address. app.example.test and api.example.test
// are the same site (example.test) but not the same origin.
const (
	// APIHost is the host of the API server every fetch goes to.
	APIHost = "api.example.test"
	// CookieSite is the site the API's cookie belongs to: a page on
	// it is same-site with the API server.
	CookieSite = "example.test"
)

// Ports are the ports of the page servers in a run, which replace the
// "{page}" and "{alt}" placeholders.
type Ports struct {
	Page, Alt int
}

// ExamplePorts are the ports the unit twins of the browser scenarios use.
var ExamplePorts = Ports{Page: 3000, Alt: 3001}

func (p Ports) replacer() *strings.Replacer {
	return strings.NewReplacer("{page}", strconv.Itoa(p.Page), "{alt}", strconv.Itoa(p.Alt))
}

// Method is the method the browser sends for s's fetch: fetch() upper-cases
// the six methods the Fetch standard normalizes and leaves any other as
// written.
func (s Scenario) Method() string { return browsercheck.NormalizeMethod(s.Fetch.Method) }

// Path is the path s's fetch requests.
func (s Scenario) Path() string {
	if s.Fetch.Path == "" {
		return "/api/resource"
	}
	return s.Fetch.Path
}

// Times is how many times s's script calls fetch().
func (s Scenario) Times() int { return max(s.Fetch.Times, 1) }

// PageOrigin is the origin of s's page under ports p.
func (s Scenario) PageOrigin(p Ports) string { return p.replacer().Replace(s.Page) }

// Origin is the Origin header the browser sends for s under ports p.
func (s Scenario) Origin(p Ports) string {
	if s.Sandboxed {
		return "null"
	}
	return s.PageOrigin(p)
}

// PolicyConfig is the configuration of s's API server under ports p: the
// placeholders replaced and the Hooks appended to CheckRequest.
func (s Scenario) PolicyConfig(p Ports) core.Config {
	cfg := s.resolvedConfig(p)
	cfg.CheckRequest = slices.Clone(cfg.CheckRequest)
	for _, h := range s.Hooks {
		cfg.CheckRequest = append(cfg.CheckRequest, h.Answer)
	}
	return cfg
}

func (s Scenario) resolvedConfig(p Ports) core.Config {
	r := p.replacer()
	cfg := s.Config
	cfg.AllowedOrigins = resolveAll(r, cfg.AllowedOrigins)
	cfg.AllowedOriginRegexes = resolveAll(r, cfg.AllowedOriginRegexes)
	return cfg
}

func resolveAll(r *strings.Replacer, ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = r.Replace(s)
	}
	return out
}

// request is s's fetch as core/browsercheck models it.
func (s Scenario) request() *browsercheck.Request {
	h := http.Header{}
	for _, kv := range s.Fetch.Header {
		h.Add(kv[0], kv[1])
	}
	return &browsercheck.Request{Method: s.Fetch.Method, Header: h, Credentials: s.Fetch.Credentials == "include"}
}

// RequestHeaders is the Access-Control-Request-Headers value the browser
// sends in s's preflight: the names of the headers the script sets that are
// not CORS-safelisted, lower case, sorted, without duplicates, joined with
// ","; "" when there are none.
func (s Scenario) RequestHeaders() string { return s.request().Preflight().RequestHeaders() }

// NeedsPreflight reports whether the Fetch standard makes the browser send
// a preflight before s's request: its method is not GET, HEAD or POST, or
// it sets a header that is not CORS-safelisted.
func (s Scenario) NeedsPreflight() bool { return s.request().NeedsPreflight() }

// Counts are how many preflights and actual requests the server must
// receive for s: each call sends its own, save that a preflight that passed
// is cached for the calls that follow within its max age, which is the
// Access-Control-Max-Age it carried, capped at 2 hours as in Chromium, or 5
// seconds without one; and that Chromium bypasses its preflight cache in
// some cache modes (see Fetch.Cache).
func (s Scenario) Counts() (preflights, actuals int) {
	n := s.Times()
	if s.Actual != nil {
		actuals = n
	}
	if s.Preflight != nil {
		preflights = n
		cached := s.Fetch.Pause < preflightCacheTime(s.Preflight.Header[acma]) && !skipsPreflightCache(s.Fetch.Cache)
		if s.Actual != nil && cached {
			preflights = 1
		}
	}
	return preflights, actuals
}

// skipsPreflightCache reports whether Chromium ignores its preflight cache
// for a fetch() in the given cache mode, as seen in Chromium 156.
func skipsPreflightCache(mode string) bool {
	switch mode {
	case "no-store", "reload", "no-cache":
		return true
	}
	return false
}

// preflightCacheTime is how long Chromium keeps a preflight that passed with
// the given Access-Control-Max-Age value.
func preflightCacheTime(maxAge string) time.Duration {
	if maxAge == "" {
		return 5 * time.Second
	}
	n, err := strconv.Atoi(maxAge)
	if err != nil || n < 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, 2*time.Hour)
}

// Cases are the requests the browser sends for s under ports p, as Cases
// whose Kind and Header are s's expected Exchanges: a preflight, if s has
// one, named s.Name+" [preflight]", then the actual request, if the browser
// sends it, named s.Name+" [actual]".
func (s Scenario) Cases(p Ports) []corstest.Case {
	r := p.replacer()
	origin := s.Origin(p)
	base := corstest.Case{Config: s.resolvedConfig(p), Hooks: s.Hooks, AppStatus: s.AppStatus}
	var cs []corstest.Case
	if s.Preflight != nil {
		c := base
		c.Name = s.Name + " [preflight]"
		c.Request = corstest.Request{Method: http.MethodOptions, Path: s.Path(), Header: [][2]string{
			{"Origin", origin}, {"Access-Control-Request-Method", s.Method()},
		}}
		if h := s.RequestHeaders(); h != "" {
			c.Request.Header = append(c.Request.Header, [2]string{"Access-Control-Request-Headers", h})
		}
		c.Kind, c.Header = s.Preflight.Kind, resolveHeader(r, s.Preflight.Header)
		cs = append(cs, c)
	}
	if s.Actual != nil {
		c := base
		c.Name = s.Name + " [actual]"
		c.Request = corstest.Request{Method: s.Method(), Path: s.Path(), Header: [][2]string{{"Origin", origin}}}
		c.Request.Header = append(c.Request.Header, s.Fetch.Header...)
		c.Kind, c.Header = s.Actual.Kind, resolveHeader(r, s.Actual.Header)
		cs = append(cs, c)
	}
	return cs
}

func resolveHeader(r *strings.Replacer, h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = r.Replace(v)
	}
	return out
}

// twins are the unit-level twins of the browser scenarios, with
// ExamplePorts: the cases core/corstest's browser_cases.go must hold.
func twins() []corstest.Case {
	var cs []corstest.Case
	for _, s := range All() {
		cs = append(cs, s.Cases(ExamplePorts)...)
	}
	return cs
}

// Page origins of the browser scenarios.
const (
	pageApp       = "http://app.example.test:{page}"
	pageAppAlt    = "http://app.example.test:{alt}"
	pageOther     = "http://other.example.test:{page}"
	pageDeep      = "http://a.b.example.test:{page}"
	pageApex      = "http://example.test:{page}"
	pageEvil      = "http://evil.test:{page}"
	pageLookalike = "http://app.example.test.evil.test:{page}"
)

// ok is the verdict of a readable response.
func ok(status int, readable ...string) Verdict { return Verdict{Status: status, Readable: readable} }

// typeError is the verdict of a fetch() the browser refuses to the script.
var typeError = Verdict{Error: true}

// actual, accepted and rejected build Exchanges.
func actual(h map[string]string) *Exchange { return &Exchange{Kind: core.Actual, Header: h} }
func accepted(h map[string]string) *Exchange {
	return &Exchange{Kind: core.PreflightAccepted, Header: h}
}
func rejected() *Exchange { return &Exchange{Kind: core.PreflightRejected, Header: refusedPreflight()} }

// All returns the browser scenarios, fresh on every call.
func All() []Scenario {
	app := listed(pageApp)
	// The page is served over http: Chromium maps the .test hosts to this
	// machine, where the suite has no certificate for them.
	cred := core.Config{AllowedOrigins: []string{pageApp}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}
	include := Fetch{Credentials: "include"}
	credGranted := func(o string) map[string]string { return with(granted(o), acac, "true") }
	put := Fetch{Method: http.MethodPut, Body: "x"}
	customHeader := core.Config{AllowedOrigins: []string{pageApp}, AllowHeaders: append(core.DefaultHeaders(), "x-custom")}
	starHeaders := core.Config{AllowedOrigins: []string{pageApp}, AllowHeaders: []string{"*"}}
	expose := core.Config{AllowedOrigins: []string{pageApp}, ExposeHeaders: []string{"X-Total-Count"}}
	subdomains := listed("http://*.example.test:{page}")
	regex := core.Config{AllowedOriginRegexes: []string{`http://[a-z0-9-]+\.example\.test(:[0-9]+)?`}}
	api := core.Config{AllowedOrigins: []string{pageApp}, URLsRegex: `/api/`}
	public := []corstest.Hook{{PathPrefix: "/public/", Calls: 1}}

	return []Scenario{
		// Simple requests: no preflight; the response decides what the
		// script may read, and the request reaches the application either
		// way.
		{Name: "browser/simple/GET allowed", Page: pageApp, Config: app,
			Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/simple/GET from an unlisted origin refused", Page: pageEvil, Config: app,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/simple/POST allowed", Page: pageApp, Config: app, Fetch: Fetch{Method: "POST", Body: "hello"},
			Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/simple/POST refused, yet it reached the application", Page: pageEvil, Config: app, Fetch: Fetch{Method: "POST", Body: "hello"},
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/simple/form POST needs no preflight", Page: pageApp, Config: app,
			Fetch:  Fetch{Method: "post", Header: [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}}, Body: "a=1"},
			Actual: actual(granted(pageApp)), Want: ok(200)},

		// Credentials.
		{Name: "browser/credentials/include allowed, cookie sent", Page: pageApp, Config: cred, Fetch: include,
			Actual: actual(credGranted(pageApp)), Want: ok(200), Cookie: true},
		{Name: "browser/credentials/include without AllowCredentials: cookie sent, response unreadable", Page: pageApp, Config: app, Fetch: include,
			Actual: actual(granted(pageApp)), Want: typeError, Cookie: true},
		{Name: "browser/credentials/include with allow-all: star refused by the browser", Page: pageApp, Config: core.Config{AllowAllOrigins: true}, Fetch: include,
			Actual: actual(granted("*")), Want: typeError, Cookie: true},
		{Name: "browser/credentials/allow-all without credentials: star suffices", Page: pageEvil, Config: core.Config{AllowAllOrigins: true},
			Actual: actual(granted("*")), Want: ok(200)},
		{Name: "browser/credentials/unsafe allow-all reflects a cross-site origin; Lax cookie withheld", Page: pageEvil,
			Config: core.Config{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true}, Fetch: include,
			Actual: actual(credGranted(pageEvil)), Want: ok(200)},
		{Name: "browser/credentials/default mode sends no cookie cross-origin", Page: pageApp, Config: cred,
			Actual: actual(credGranted(pageApp)), Want: ok(200)},
		{Name: "browser/credentials/unlisted same-site origin: cookie sent, response unreadable", Page: pageOther, Config: cred, Fetch: include,
			Actual: actual(refused()), Want: typeError, Cookie: true},
		{Name: "browser/credentials/preflighted PUT: preflight without cookie, PUT with", Page: pageApp, Config: cred,
			Fetch:     Fetch{Method: "PUT", Body: "x", Credentials: "include"},
			Preflight: accepted(with(grantedPreflight(pageApp), acac, "true")), Actual: actual(credGranted(pageApp)), Want: ok(200), Cookie: true},

		// Preflighted methods.
		{Name: "browser/preflight/PUT allowed", Page: pageApp, Config: app, Fetch: put,
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/preflight/PATCH allowed", Page: pageApp, Config: app, Fetch: Fetch{Method: "PATCH", Body: "x"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/preflight/DELETE allowed", Page: pageApp, Config: app, Fetch: Fetch{Method: "delete"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/preflight/PUT refused when AllowMethods omits it", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, AllowMethods: []string{"GET", "POST"}}, Fetch: put,
			Preflight: rejected(), Want: typeError},
		{Name: "browser/preflight/PUT from an unlisted origin refused", Page: pageEvil, Config: app, Fetch: put,
			Preflight: rejected(), Want: typeError},
		{Name: "browser/preflight/lower-case patch is sent as written and refused", Page: pageApp, Config: app, Fetch: Fetch{Method: "patch", Body: "x"},
			Preflight: rejected(), Want: typeError},
		{Name: "browser/preflight/custom method under AllowMethods star", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, AllowMethods: []string{"*"}}, Fetch: Fetch{Method: "PURGE"},
			Preflight: accepted(with(grantedPreflight(pageApp), acam, "PURGE")), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/preflight/JSON POST allowed", Page: pageApp, Config: app,
			Fetch:     Fetch{Method: "POST", Header: [][2]string{{"Content-Type", "application/json"}}, Body: `{"a":1}`},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/preflight/PreflightStatus 200 accepted", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, PreflightStatus: http.StatusOK}, Fetch: put,
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},

		// Request headers.
		{Name: "browser/headers/custom header allowed when listed", Page: pageApp, Config: customHeader,
			Fetch:     Fetch{Header: [][2]string{{"X-Custom", "1"}}},
			Preflight: accepted(with(grantedPreflight(pageApp), acah, defaultHeaders+", x-custom")), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/headers/custom header refused by default", Page: pageApp, Config: app,
			Fetch:     Fetch{Header: [][2]string{{"X-Custom", "1"}}},
			Preflight: rejected(), Want: typeError},
		{Name: "browser/headers/Authorization allowed by default", Page: pageApp, Config: app,
			Fetch:     Fetch{Header: [][2]string{{"Authorization", "Bearer t0ken"}}},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/headers/star does not cover Authorization", Page: pageApp, Config: starHeaders,
			Fetch:     Fetch{Header: [][2]string{{"X-Custom", "1"}, {"Authorization", "Bearer t0ken"}}},
			Preflight: rejected(), Want: typeError},
		{Name: "browser/headers/star covers a custom header", Page: pageApp, Config: starHeaders,
			Fetch:     Fetch{Header: [][2]string{{"X-Custom", "1"}}},
			Preflight: accepted(with(grantedPreflight(pageApp), acah, "x-custom")), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/headers/several headers asked for in one sorted lower-case list", Page: pageApp, Config: app,
			Fetch: Fetch{Method: "POST", Body: "{}", Header: [][2]string{
				{"X-Requested-With", "fetch"}, {"Content-Type", "application/json"}, {"X-CSRFToken", "t"}}},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},

		// Response headers.
		{Name: "browser/expose/listed header readable, unlisted not", Page: pageApp, Config: expose,
			Actual: actual(with(granted(pageApp), aceh, "X-Total-Count")), Want: ok(200, "x-total-count")},
		{Name: "browser/expose/nothing beyond the safelist by default", Page: pageApp, Config: app,
			Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/expose/star exposes every header without credentials", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, ExposeHeaders: []string{"*"}},
			Actual: actual(with(granted(pageApp), aceh, "*")), Want: ok(200, "x-request-id", "x-total-count")},

		// Error statuses.
		{Name: "browser/status/500 readable by an allowed origin", Page: pageApp, Config: app, AppStatus: 500, Fetch: Fetch{Method: "POST", Body: "x"},
			Actual: actual(granted(pageApp)), Want: ok(500)},
		{Name: "browser/status/500 unreadable by a refused origin", Page: pageEvil, Config: app, AppStatus: 500, Fetch: Fetch{Method: "POST", Body: "x"},
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/status/404 of a preflighted PUT readable", Page: pageApp, Config: app, AppStatus: 404, Fetch: put,
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(404)},

		// Preflight cache.
		{Name: "browser/max-age/a PUT 6 s after the first sends no preflight", Page: pageApp, Config: app, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Pause: 6 * time.Second},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/without Max-Age a PUT 6 s later is preflighted again", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, PreflightMaxAge: core.NoPreflightMaxAge}, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Pause: 6 * time.Second},
			Preflight: accepted(with(grantedPreflight(pageApp), acma, "")), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/cache no-store: Chromium preflights every call", Page: pageApp, Config: app, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Cache: "no-store"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/cache no-cache: Chromium preflights every call", Page: pageApp, Config: app, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Cache: "no-cache"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/cache reload: Chromium preflights every call", Page: pageApp, Config: app, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Cache: "reload"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/cache force-cache keeps the preflight", Page: pageApp, Config: app, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2, Cache: "force-cache"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/max-age/a rejected preflight is not cached", Page: pageApp,
			Config: core.Config{AllowedOrigins: []string{pageApp}, AllowMethods: []string{"GET"}}, Fetch: Fetch{Method: "PUT", Body: "x", Times: 2},
			Preflight: rejected(), Want: typeError},

		// Origins: patterns, regexes, ports and schemes.
		{Name: "browser/origins/subdomain pattern allows a deep subdomain", Page: pageDeep, Config: subdomains,
			Actual: actual(granted(pageDeep)), Want: ok(200)},
		{Name: "browser/origins/subdomain pattern never allows the apex", Page: pageApex, Config: subdomains,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/origins/subdomain pattern refuses a look-alike host", Page: pageLookalike, Config: subdomains,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/origins/subdomain pattern with a preflight", Page: pageDeep, Config: subdomains, Fetch: put,
			Preflight: accepted(grantedPreflight(pageDeep)), Actual: actual(granted(pageDeep)), Want: ok(200)},
		{Name: "browser/origins/regex allows a matching origin", Page: pageApp, Config: regex,
			Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/origins/regex is anchored: look-alike refused", Page: pageLookalike, Config: regex,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/origins/same host on another port refused", Page: pageAppAlt, Config: app,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/origins/same host and port over http when https is listed refused", Page: pageApp, Config: listed("https://app.example.test:{page}"),
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/origins/both ports listed", Page: pageAppAlt, Config: listed(pageApp, pageAppAlt),
			Actual: actual(granted(pageAppAlt)), Want: ok(200)},

		// The null origin of a sandboxed iframe.
		{Name: "browser/null/sandboxed iframe refused by default", Page: pageApp, Sandboxed: true, Config: app,
			Actual: actual(refused()), Want: typeError},
		{Name: "browser/null/sandboxed iframe allowed when null is listed", Page: pageApp, Sandboxed: true, Config: listed(pageApp, "null"),
			Actual: actual(granted("null")), Want: ok(200)},
		{Name: "browser/null/sandboxed iframe's PUT preflighted when null is listed", Page: pageApp, Sandboxed: true, Config: listed("null"), Fetch: put,
			Preflight: accepted(grantedPreflight("null")), Actual: actual(granted("null")), Want: ok(200)},

		// URLsRegex.
		{Name: "browser/urls/CORS on a path under /api/", Page: pageApp, Config: api, Fetch: Fetch{Path: "/api/items"},
			Actual: actual(granted(pageApp)), Want: ok(200)},
		{Name: "browser/urls/no CORS outside /api/", Page: pageApp, Config: api, Fetch: Fetch{Path: "/admin/items"},
			Actual: &Exchange{Kind: core.NotCORS, Header: map[string]string{}}, Want: typeError},
		{Name: "browser/urls/preflight outside /api/ goes to the application and fails", Page: pageApp, Config: api, Fetch: Fetch{Method: "PUT", Path: "/admin/items", Body: "x"},
			Preflight: &Exchange{Kind: core.NotCORS, Header: map[string]string{}}, Want: typeError},

		// A CheckRequest hook.
		{Name: "browser/hook/opens /public/ to every origin", Page: pageEvil, Config: app, Hooks: public, Fetch: Fetch{Path: "/public/feed"},
			Actual: actual(granted(pageEvil)), Want: ok(200)},
		{Name: "browser/hook/the rest keeps the list", Page: pageEvil, Config: app, Hooks: public,
			Actual: actual(refused()), Want: typeError},

		// The application's own OPTIONS route.
		{Name: "browser/application/OPTIONS route reached after its preflight", Page: pageApp, Config: app, Fetch: Fetch{Method: "options"},
			Preflight: accepted(grantedPreflight(pageApp)), Actual: actual(granted(pageApp)), Want: ok(200)},
	}
}

// Values the scenarios share; the same as core/corstest's.
const (
	varyOrigin     = "Origin"
	defaultMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT"
	defaultHeaders = "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with"

	acao = "Access-Control-Allow-Origin"
	acac = "Access-Control-Allow-Credentials"
	acam = "Access-Control-Allow-Methods"
	acah = "Access-Control-Allow-Headers"
	aceh = "Access-Control-Expose-Headers"
	acma = "Access-Control-Max-Age"
)

// listed is a Config that allows exactly origins.
func listed(origins ...string) core.Config { return core.Config{AllowedOrigins: origins} }

// granted is the answer to an allowed actual request from o.
func granted(o string) map[string]string { return map[string]string{"Vary": varyOrigin, acao: o} }

// refused is the answer to an actual request whose origin is not allowed.
func refused() map[string]string { return map[string]string{"Vary": varyOrigin} }

// grantedPreflight is the answer to an accepted preflight from o under the
// default methods, headers and max age; no Vary, as caches do not store
// responses to OPTIONS (docs/behaviour.md).
func grantedPreflight(o string) map[string]string {
	return map[string]string{acao: o, acam: defaultMethods, acah: defaultHeaders, acma: "86400"}
}

// refusedPreflight is the answer to a rejected preflight: no header at all.
func refusedPreflight() map[string]string { return map[string]string{} }

// with returns a copy of h with the given name/value pairs set; an empty
// value removes the name.
func with(h map[string]string, kv ...string) map[string]string {
	out := maps.Clone(h)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}
