package core_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// Tests of hostile requests and of configurations that would trust more
// than they name: docs/security.md lists each weakness they guard against
// with the tests that pin it.

// shapeConfigs is one configuration of every shape the matcher has: exact
// entries, subdomain patterns, any-port entries, regexes, allow-all (with
// and without credentials), hooks, a URLsRegex and wildcards. Each shape
// runs with the DebugLogger off and on, as the logger takes its own path
// through the request (Explain, the log line).
func shapeConfigs() []core.Config {
	shapes := []core.Config{
		{AllowedOrigins: []string{"https://example.com", "http://[::1]:8000", "null"}},
		{AllowedOrigins: []string{"https://*.example.com", "http://*.localhost:*"}, AllowCredentials: true},
		{AllowedOrigins: []string{"http://localhost:*", "http://[fe80::1]:*", "https://127.0.0.1:*"}},
		{AllowedOriginRegexes: []string{`https://[a-z0-9-]+\.example\.com`, `(?i)http://.*\.test(:[0-9]+)?`}},
		{AllowAllOrigins: true},
		{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true, AllowPrivateNetwork: true},
		{AllowedOrigins: []string{"https://example.com"}, CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool { return r != nil && strings.HasPrefix(r.URL.Path, "/open") }}},
		{AllowedOrigins: []string{"https://example.com"}, CheckRequest: []func(*http.Request) bool{func(*http.Request) bool { return false }}, URLsRegex: `/api/`},
		{AllowedOrigins: []string{"https://example.com", "http://localhost:*"}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}},
	}
	debug := slog.New(slog.NewTextHandler(io.Discard, nil))
	var out []core.Config
	for _, c := range shapes {
		out = append(out, c)
		c.DebugLogger = debug
		out = append(out, c)
	}
	return out
}

func shapePolicies(tb testing.TB) []*core.Policy {
	tb.Helper()
	var ps []*core.Policy
	for _, cfg := range shapeConfigs() {
		p, err := core.NewPolicy(cfg)
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// hostileRequest is a request whose header values are given as "\n"-joined
// lines ("" for none).
func hostileRequest(method, path, origin, acrm, acrh string) *http.Request {
	r := &http.Request{Method: method, URL: &url.URL{Path: path}, Header: http.Header{}}
	for name, v := range map[string]string{"Origin": origin, "Access-Control-Request-Method": acrm, "Access-Control-Request-Headers": acrh} {
		if v != "" {
			r.Header[name] = strings.Split(v, "\n")
		}
	}
	return r
}

// decideAndExplain runs Decide, Apply and Explain (which the DebugLogger
// runs too) and checks what must hold for any input: no panic, and a
// granted origin is "*" or the single Origin line, which is then ASCII
// without zone, as every origin a browser sends.
func decideAndExplain(t *testing.T, p *core.Policy, r *http.Request) core.Decision {
	t.Helper()
	defer func() {
		if e := recover(); e != nil {
			t.Fatalf("panic for Origin %q, method %q, path %q: %v", r.Header["Origin"], r.Method, r.URL.Path, e)
		}
	}()
	req := core.NewRequest(r)
	d := p.Decide(req)
	h := http.Header{}
	d.Apply(h)
	_ = p.ExplainRequest(req).String()
	acao := h["Access-Control-Allow-Origin"]
	switch {
	case len(acao) == 0 || len(acao) == 1 && acao[0] == "*":
	case len(acao) > 1 || len(r.Header["Origin"]) != 1 || acao[0] != r.Header["Origin"][0]:
		t.Fatalf("Access-Control-Allow-Origin %q for Origin %q", acao, r.Header["Origin"])
	case !isASCII(acao[0]) || strings.Contains(acao[0], "%"):
		t.Fatalf("granted %q, which no browser sends", acao[0])
	}
	return d
}

// lengthChangingLetters change their length in UTF-8 when strings.ToLower
// maps them: K (Kelvin sign) and Ω (ohm) shrink, İ and Ⱥ grow.
var lengthChangingLetters = []string{"\u212a", "\u2126", "\u0130", "\u023a", "\u023e", "\u1e9e", "\u2c62"}

// hostileOrigins are origins with an IPv6 zone, a bracketed IPv4 address or
// non-ASCII letters in every part, each of which no browser sends.
func hostileOrigins() []string {
	out := []string{
		"HTTP://[fe80::1%\u212a]", // the Kelvin sign shrinks in lower case
		"http://[::1%x]", "http://[::1%25x]", "http://[fe80::1%eth0]:8000", "http://[fe80::1%]",
		"http://[1.2.3.4]", "http://[1.2.3.4]:8000", "https://[127.0.0.1]",
		"http://[::1]%x", "http://[::1]:80%x", "http://%x[::1]",
	}
	for _, c := range lengthChangingLetters {
		out = append(out,
			"HTTP://[fe80::1%"+c+"]", "HTTP://[fe80::1%"+c+"]:8000", "http://[fe80::1%"+strings.Repeat(c, 40)+"]",
			"http://[::1%"+c+"]:*", "HTTP://[::1%A"+c+"B]", "http://["+c+"::1]",
			"HTTP://LOCALHOST"+c, "HTTP://"+c+"LOCALHOST:8000", "HTTPS://EXAMPLE.COM:"+c, c+"TTP://localhost:8000",
			"HTTPS://"+c+".EXAMPLE.COM", "https://a"+c+".example.com", "HTTP://LOCALHOST:8000"+c,
		)
	}
	return out
}

// TestOriginNeverPanics: a bracketed host with an IPv6 zone holding a letter
// whose lower case has another length once overran the indices of the
// any-port look-up ("slice bounds out of range"), and zones and bracketed
// IPv4 addresses were reflected under allow-all. Every such origin is
// refused under every configuration shape, and explained as malformed
// (deciding may refuse it as not allowed without reading it further, when
// no entry could allow it however it is spelled).
func TestOriginNeverPanics(t *testing.T) {
	policies := shapePolicies(t)
	for _, o := range hostileOrigins() {
		for i, p := range policies {
			for _, r := range []*http.Request{
				hostileRequest(http.MethodGet, "/api/x", o, "", ""),
				hostileRequest(http.MethodGet, "/open/x", o, "", ""),
				hostileRequest(http.MethodOptions, "/api/x", o, "PUT", "x-a"),
			} {
				d := decideAndExplain(t, p, r)
				e := p.Explain(r)
				if d.Allowed() || e.Reason != core.ReasonOriginMalformed && e.Reason != core.ReasonPathNotEnabled ||
					d.Reason != e.Reason && d.Reason != core.ReasonOriginNotAllowed {
					t.Errorf("shape %d: %q: %v (decided %v, explained %v), want refused as malformed", i, o, d.Kind, d.Reason, e.Reason)
				}
			}
		}
	}
}

// TestIPv6LiteralOrigins: IPv6 literals without a zone, as browsers send
// them, are still granted by the entries that name them; a zone, a
// bracketed IPv4 address or a stray bracket is not.
func TestIPv6LiteralOrigins(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"http://[::1]:*", "http://[fe80::1]:8000", "http://[::ffff:102:304]"}})
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"http://[::1]:8000", true},
		{"HTTP://[::1]:3000", true},
		{"http://[FE80::1]:8000", true},
		{"http://[fe80::1]:8000", true},
		{"http://[::ffff:102:304]", true},
		{"http://[fe80::1%1]:8000", false},
		{"http://[::1%lo]:8000", false},
		{"http://[1.2.3.4]", false},
		{"http://[::1]]:8000", false},
	} {
		d := decideAndExplain(t, p, hostileRequest(http.MethodGet, "/", tc.origin, "", ""))
		if d.Allowed() != tc.ok {
			t.Errorf("%q: allowed %v (%v), want %v", tc.origin, d.Allowed(), d.Reason, tc.ok)
		}
	}
}

// TestConfigRefusesIPv6Zone: a zone in a configured origin could never
// match; it is an error, as a bracketed IPv4 address is.
func TestConfigRefusesIPv6Zone(t *testing.T) {
	for _, entry := range []string{"http://[fe80::1%eth0]:8000", "http://[::1%25lo]", "http://[fe80::1%\u212a]:*", "http://[1.2.3.4]"} {
		_, err := core.NewPolicy(core.Config{AllowedOrigins: []string{entry}})
		if err == nil || !strings.Contains(err.Error(), "invalid IPv6 address") {
			t.Errorf("%q: error %v, want invalid IPv6 address", entry, err)
		}
	}
}

// FuzzHostileRequest: for any Origin, method, path and
// Access-Control-Request-* bytes, Decide, Apply and Explain never panic
// under any configuration shape, DebugLogger on or off, and a granted origin
// is one a browser could send.
func FuzzHostileRequest(f *testing.F) {
	for _, o := range hostileOrigins() {
		f.Add(http.MethodGet, "/api/x", o, "", "")
		f.Add(http.MethodOptions, "/api/x", o, "PUT", "x-a,authorization")
	}
	f.Add(http.MethodOptions, "/open", "https://a.example.com\nhttps://example.com", "PATCH\nPUT", "a\nb")
	f.Add("patch", "/api/%2e%2e/x", "null", "patch", strings.Repeat("x,", 300))
	policies := shapePolicies(f)
	f.Fuzz(func(t *testing.T, method, path, origin, acrm, acrh string) {
		r := hostileRequest(method, path, origin, acrm, acrh)
		for _, p := range policies {
			decideAndExplain(t, p, r)
		}
	})
}

// TestCredentialedWildcardsOnPublicSpace: with AllowCredentials, a subdomain
// pattern or a regex that allows some origin whose registrable domain nobody
// in particular owns is refused, whether the pattern's own domain is a
// public suffix, every name one label below it is (the list's wildcard
// rules), or a suffix lies deeper below it.
func TestCredentialedWildcardsOnPublicSpace(t *testing.T) {
	refusedPatterns := []string{
		"https://*.amazonaws.com",           // s3.amazonaws.com below: attacker-bucket.s3.amazonaws.com
		"https://*.elb.amazonaws.com",       // *.elb.amazonaws.com
		"https://*.compute.amazonaws.com",   // *.compute.amazonaws.com
		"https://*.us-east-1.amazonaws.com", // s3-website and friends below
		"https://*.s3.amazonaws.com",        // a suffix itself
		"https://*.nom.br",                  // *.nom.br
		"https://*.kawasaki.jp",             // *.kawasaki.jp
		"https://*.ck",                      // *.ck
		"https://*.github.io",               // a suffix itself
		"https://*.herokuapp.com",           // a suffix itself
		"https://*.com", "https://*.co.uk",  // ICANN suffixes
		"https://*.appspot.com:*", // any port too
		"https://*.x.compute.amazonaws.com:8443",
	}
	for _, entry := range refusedPatterns {
		_, err := core.NewPolicy(core.Config{AllowedOrigins: []string{entry}, AllowCredentials: true})
		if err == nil || !strings.Contains(err.Error(), "public suffix") {
			t.Errorf("%q with credentials: error %v, want a public-suffix refusal", entry, err)
		}
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{entry}}); err != nil {
			t.Errorf("%q without credentials: %v", entry, err)
		}
	}
	refusedRegexes := []string{
		`https://[^.]+\.github\.io`,
		`https://[a-z0-9-]+\.com`,
		`https://.+\.amazonaws\.com`,
		`https://[a-z0-9.-]+\.amazonaws\.com`,
		`https://[a-z0-9-]+\.s3\.amazonaws\.com`,
		`https://[a-z0-9.-]+\.compute\.amazonaws\.com`,
		`https://[a-z]+\.herokuapp\.com`,
		`https://(www\.)?[a-z]+\.co\.uk`,
		`https://[a-z]+\.(github\.io|example\.com)`,
		`https://.+\.nom\.br`,
		`https?://[a-z0-9-]+\.netlify\.app(:[0-9]+)?`,
		`https://[a-z0-9-]+\.pages\.dev:8443`,
		`https://.*\.ck`,
		// One open label under amazonaws.com that can spell "s3".
		`https://[a-z0-9-]+\.amazonaws\.com`,
	}
	for _, expr := range refusedRegexes {
		_, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{expr}, AllowCredentials: true})
		if err == nil || !strings.Contains(err.Error(), "anyone can") {
			t.Errorf("%s with credentials: error %v, want a refusal", expr, err)
		}
	}
	// What stays accepted: patterns and regexes under a domain someone owns.
	ok := core.Config{
		AllowedOrigins: []string{"https://*.example.com", "https://*.bucket.s3.amazonaws.com", "https://*.myapp.herokuapp.com",
			"https://*.user.github.io", "http://*.localhost:*", "https://*.example.co.uk"},
		AllowedOriginRegexes: []string{`https://[a-z0-9-]+\.example\.com`, `https://(www|app)\.example\.com`,
			`https://[a-z]+\.myapp\.herokuapp\.com`, `http://localhost:[0-9]+`, `https://[a-z]+\.amazonaws\.com`},
		AllowCredentials: true,
	}
	if _, err := core.NewPolicy(ok); err != nil {
		t.Errorf("owned space refused: %v", err)
	}
}

// BenchmarkNewPolicyCredentialedRegexes measures the start-up cost of
// probing credentialed regexes with hosts on public suffixes.
func BenchmarkNewPolicyCredentialedRegexes(b *testing.B) {
	cfg := core.Config{
		AllowedOrigins:       []string{"https://*.example.com"},
		AllowedOriginRegexes: []string{`https://[a-z0-9-]+\.example\.com`, `https://(www|app)\.example\.org(:[0-9]+)?`, `(?i)https://[a-z]+\.example\.net`},
		AllowCredentials:     true,
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := core.NewPolicy(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIDNMappedBeforeLowerCase: a configured Unicode host is mapped by UTS
// #46 first, as browsers map it, and only the ASCII result is lower-cased.
// strings.ToLower first turned "İ" into a plain "i".
func TestIDNMappedBeforeLowerCase(t *testing.T) {
	for _, tc := range []struct {
		entry, allowed, refused string
	}{
		{"https://\u0130zmir.com", "https://xn--izmir-7fd.com", "https://izmir.com"},
		{"HTTPS://\u0130ZM\u0130R.COM", "https://xn--izmir-7fdd.com", "https://izmir.com"},
		{"https://\u0130.com:8443", "https://xn--i-9bb.com:8443", "https://i.com:8443"},
		{"https://*.\u0130zmir.com", "https://a.xn--izmir-7fd.com", "https://a.izmir.com"},
		{"https://\u212aelvin.com", "https://kelvin.com", "https://xn--elvin-rh8b.com"},
		{"https://\u023ab.com", "https://xn--b-ems.com", "https://b.com"},
		{"https://\u2126.com", "https://xn--bya.com", "https://o.com"},
		{"https://B\u00fccher.example", "https://xn--bcher-kva.example", "https://bucher.example"},
	} {
		p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{tc.entry}})
		if err != nil {
			t.Errorf("%q: %v", tc.entry, err)
			continue
		}
		for origin, want := range map[string]bool{tc.allowed: true, tc.refused: false} {
			if got := decideAndExplain(t, p, hostileRequest(http.MethodGet, "/", origin, "", "")).Allowed(); got != want {
				t.Errorf("entry %q, origin %q: allowed %v, want %v", tc.entry, origin, got, want)
			}
		}
	}
}

// TestConfigAcceptsHostsBrowsersSend: the configuration accepts the hosts a
// browser's URL parser produces (no CheckHyphens, no STD3 rules), which the
// request parser already accepted, and nothing the request parser would
// refuse.
func TestConfigAcceptsHostsBrowsersSend(t *testing.T) {
	for _, tc := range []struct{ entry, origin string }{
		{"https://my_app.example.com", "https://my_app.example.com"},
		{"https://r3---sn-abc.googlevideo.com", "https://r3---sn-abc.googlevideo.com"},
		{"https://_dmarc.example.com", "https://_dmarc.example.com"},
		{"https://-lead.example.com", "https://-lead.example.com"},
		{"https://trail-.example.com", "https://trail-.example.com"},
		{"https://ab--cd.example.com:8443", "https://ab--cd.example.com:8443"},
		{"https://*.my_app.example.com", "https://a.my_app.example.com"},
		{"https://*.example.com", "https://r3---sn-abc.example.com"},
		{"https://my_dev-box:*", "https://my_dev-box:3000"},
		{"https://My_App.Example.COM", "https://my_app.example.com"},
		{"https://b\u00fccher_shop.example", "https://xn--bcher_shop-9db.example"},
	} {
		p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{tc.entry}, AllowCredentials: true})
		if err != nil {
			t.Errorf("%q refused: %v", tc.entry, err)
			continue
		}
		if d := decideAndExplain(t, p, hostileRequest(http.MethodGet, "/", tc.origin, "", "")); !d.Allowed() {
			t.Errorf("%q does not allow %q: %v", tc.entry, tc.origin, d.Reason)
		}
	}
	// Still refused: what no browser sends as a host.
	for _, entry := range []string{"https://a b.com", "https://a!b.com", "https://a..b.com", "https://.a.com",
		"https://xn--a.com", "https://a%41.com", "https://" + strings.Repeat("a", 64) + ".com"} {
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{entry}}); err == nil {
			t.Errorf("%q accepted", entry)
		}
	}
}

// TestHostileHeadersBounded: every header is read within a bound, with the
// DebugLogger on too: the log line and Explain show a truncated prefix of
// each value, and the memory a request costs does not grow with its size.
// (BenchmarkHostileHeaders measures the time.)
func TestHostileHeadersBounded(t *testing.T) {
	mib := strings.Repeat("A", 1<<20)
	origins := hostileRequest(http.MethodGet, "/", "https://evil.com/"+strings.Repeat("x", 1<<10), "", "")
	for range 1000 {
		origins.Header.Add("Origin", "https://evil.com/"+strings.Repeat("x", 1<<10))
	}
	longPath := hostileRequest(strings.Repeat("M", 1<<20), "/"+strings.Repeat("p", 1<<20), "https://evil.com", "", "")
	for _, tc := range []struct {
		name   string
		r      *http.Request
		reason core.Reason
	}{
		{"1 MiB method", hostileRequest(http.MethodOptions, "/", "https://app.example.com", mib, ""), core.ReasonMethodMalformed},
		{"65-byte method", hostileRequest(http.MethodOptions, "/", "https://app.example.com", strings.Repeat("X", 65), ""), core.ReasonMethodMalformed},
		{"8 lines of 1 MiB methods", hostileRequest(http.MethodOptions, "/", "https://app.example.com", strings.Repeat(mib+"\n", 7)+mib, ""), core.ReasonMethodMalformed},
		{"1001 long Origin lines", origins, core.ReasonMultipleOrigins},
		{"1 MiB path and method", longPath, core.ReasonOriginNotAllowed},
		{"1 MiB origin", hostileRequest(http.MethodGet, "/", "https://"+mib, "", ""), core.ReasonOriginMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log strings.Builder
			cfg := core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"PUT", strings.Repeat("X", 64)},
				DebugLogger: slog.New(slog.NewTextHandler(&log, nil))}
			p := core.MustPolicy(cfg)
			req := core.NewRequest(tc.r)
			if d := p.Decide(req); d.Reason != tc.reason {
				t.Fatalf("reason %v, want %v", d.Reason, tc.reason)
			}
			if log.Len() > 2000 {
				t.Errorf("log line of %d bytes", log.Len())
			}
			if s := p.ExplainRequest(req).String(); len(s) > 2000 {
				t.Errorf("explanation of %d bytes", len(s))
			}
			if bytes := bytesPerCall(10, func() { p.Decide(req) }); bytes > 16<<10 && !raceEnabled {
				t.Errorf("%d bytes allocated per request with the DebugLogger on", bytes)
			}
		})
	}
	// A 64-byte method is still read, and can be allowed.
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowMethods: []string{strings.Repeat("X", 64)}})
	if d := p.Decide(core.NewRequest(hostileRequest(http.MethodOptions, "/", "https://app.example.com", strings.Repeat("X", 64), ""))); d.Kind != core.PreflightAccepted {
		t.Errorf("64-byte method: %v", d.Reason)
	}
}

// TestConfigMessages: each message names the real problem, and its fix,
// applied, is accepted; regexes that can match are not refused as "can never
// match".
func TestConfigMessages(t *testing.T) {
	for _, tc := range []struct {
		entry, problem, fixed string
	}{
		{"https:/example.com", `the scheme must be followed by "://"`, "https://example.com"},
		{"https:example.com", `the scheme must be followed by "://"`, "https://example.com"},
		{"HTTP:/localhost:8000", `the scheme must be followed by "://"`, "http://localhost:8000"},
		{"https:///example.com", "more than two slashes", "https://example.com"},
		{"https://example.com:", `the port after ":" is empty`, "https://example.com"},
		{"http://[::1]:", `the port after ":" is empty`, "http://[::1]"},
		{"http://*.example.com:", `the port after ":" is empty`, "http://*.example.com"},
		{"example.com", "no scheme", "https://example.com"},
		{"localhost:8000", "no scheme", "https://localhost:8000"},
	} {
		_, err := core.NewPolicy(core.Config{AllowedOrigins: []string{tc.entry}})
		if err == nil || !strings.Contains(err.Error(), tc.problem) || !strings.Contains(err.Error(), `"`+tc.fixed+`"`) {
			t.Errorf("%q: %v; want %q and the fix %q", tc.entry, err, tc.problem, tc.fixed)
		}
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{tc.fixed}}); err != nil {
			t.Errorf("the fix %q is refused: %v", tc.fixed, err)
		}
	}
	for _, tc := range []struct {
		expr, origin string
	}{
		{`https://(X)?example\.com`, "https://example.com"},
		{`a|HTTPS://b`, "a"},
		{`https://(A|b)\.com`, "https://b.com"},
		{`https://x(Y*)\.com`, "https://x.com"},
		{`https://x(Z{0,2})\.com`, "https://x.com"},
		{`(?i)HTTPS://EXAMPLE\.COM`, "https://example.com"},
		{`HTTPS://x\.com|https://y\.com`, "https://y.com"},
	} {
		p, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{tc.expr}})
		if err != nil {
			t.Errorf("%s refused: %v", tc.expr, err)
			continue
		}
		want := tc.origin != "a" // "a" is no origin: accepted entry, never matched
		if got := decideAndExplain(t, p, hostileRequest(http.MethodGet, "/", tc.origin, "", "")).Allowed(); got != want {
			t.Errorf("%s, %q: allowed %v", tc.expr, tc.origin, got)
		}
	}
	for _, expr := range []string{`HTTPS://example\.com`, `https://(EXAMPLE)\.com`, `https://(A|B)\.com`, `https://x(Y+)\.com`, `https://x(Z{1,2})\.com`} {
		_, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{expr}})
		if err == nil || !strings.Contains(err.Error(), "can never match") {
			t.Errorf("%s: %v, want can never match", expr, err)
		}
	}
}

// TestRequestHeadersReasons: as docs/behaviour.md says, more than 8
// Access-Control-Request-Headers lines are malformed; a list longer than the
// allowed names is too long.
func TestRequestHeadersReasons(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	for _, tc := range []struct {
		acrh string
		want core.Reason
	}{
		{strings.Repeat("content-type\n", 8) + "content-type", core.ReasonRequestHeadersMalformed},
		{strings.Repeat("content-type\n", 7) + "content-type", core.ReasonAllowed},
		{strings.Repeat("x-long-name,", 100), core.ReasonRequestHeadersTooLong},
		{"x a", core.ReasonRequestHeadersMalformed},
	} {
		r := hostileRequest(http.MethodOptions, "/", "https://app.example.com", "PUT", tc.acrh)
		if got := decideAndExplain(t, p, r).Reason; got != tc.want {
			t.Errorf("%d lines, %d bytes: %v, want %v", len(r.Header["Access-Control-Request-Headers"]), len(tc.acrh), got, tc.want)
		}
	}
	e := p.Explain(hostileRequest(http.MethodOptions, "/", "https://app.example.com", "PUT", strings.Repeat("a\n", 9)+"a"))
	if !strings.Contains(e.String(), "comes in 10 lines; more than 8 are refused unread") {
		t.Errorf("explanation: %s", e)
	}
}

// TestURLsRegexCleanPathAllocatesNothing: the ambiguous-path rule (a path
// the router may read otherwise is enabled only when every reading is)
// costs no allocation for the clean paths browsers send.
func TestURLsRegexCleanPathAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counting needs a build without -race")
	}
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, URLsRegex: `^/api/`})
	for _, path := range []string{"/api/users", "/api/users/", "/api/.well-known/x", "/other"} {
		req := core.NewRequest(hostileRequest(http.MethodGet, path, "https://app.example.com", "", ""))
		if allocs := testing.AllocsPerRun(100, func() { p.Decide(req) }); allocs != 0 {
			t.Errorf("%s: %v allocations", path, allocs)
		}
	}
}

// TestExplainAmbiguousPath: Explain says why an ambiguous path is not
// enabled: which reading URLsRegex matches and which it does not.
func TestExplainAmbiguousPath(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, URLsRegex: `^/public/`})
	e := p.Explain(hostileRequest(http.MethodGet, "/public/../private/data", "https://app.example.com", "", ""))
	if e.Kind != core.NotCORS || !strings.Contains(e.String(), `matches "/public/../private/data" but not "/private/data"`) {
		t.Errorf("%s", e)
	}
}
