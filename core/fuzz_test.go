package core_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"regexp"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// Fuzz targets. Their seeds are the corstest cases; `make test` runs the
// seeds, `make fuzz FUZZTIME=10m` explores.

// fuzzInput is one fuzzed configuration and request.
type fuzzInput struct {
	origins, regexes     string // "\n"-separated entries
	flags                uint8
	method, origin, acrm string
	acrh, path           string
}

const (
	flagCredentials = 1 << iota
	flagAllowAll
	flagPrivateNetwork
	flagUnsafe
	flagMethodStar
	flagHeaderStar
	flagHookTrue
	flagURLs
)

func (in fuzzInput) config() core.Config {
	cfg := core.Config{
		AllowCredentials:                     in.flags&flagCredentials != 0,
		AllowAllOrigins:                      in.flags&flagAllowAll != 0,
		AllowPrivateNetwork:                  in.flags&flagPrivateNetwork != 0,
		UnsafeAllowAllOriginsWithCredentials: in.flags&flagUnsafe != 0,
	}
	if in.origins != "" {
		cfg.AllowedOrigins = strings.Split(in.origins, "\n")
	}
	if in.regexes != "" {
		cfg.AllowedOriginRegexes = strings.Split(in.regexes, "\n")
	}
	if in.flags&flagMethodStar != 0 {
		cfg.AllowMethods = []string{"*"}
	}
	if in.flags&flagHeaderStar != 0 {
		cfg.AllowHeaders = []string{"*"}
	}
	if in.flags&flagHookTrue != 0 {
		cfg.CheckRequest = []func(*http.Request) bool{func(*http.Request) bool { return true }}
	}
	if in.flags&flagURLs != 0 {
		cfg.URLsRegex = "/api/"
	}
	return cfg
}

func (in fuzzInput) request() *http.Request {
	r := &http.Request{Method: in.method, Header: http.Header{}}
	r.URL = &url.URL{Path: in.path}
	set := func(name, v string) {
		if v != "" {
			r.Header[name] = strings.Split(v, "\n")
		}
	}
	set("Origin", in.origin)
	set("Access-Control-Request-Method", in.acrm)
	set("Access-Control-Request-Headers", in.acrh)
	return r
}

func addSeeds(f *testing.F) {
	// Origins sent in upper case or with a default port, which no browser
	// sends: decided without allocating all the same. The first
	// is testdata/fuzz/FuzzDecide/272b226aec1c9130, longer than the 32
	// bytes Go converts on the stack.
	upper := flagCredentials | flagPrivateNetwork | flagMethodStar | flagHeaderStar | flagHookTrue
	for _, o := range []string{"A0000://0000000000000000000000000", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443", "HTTP://" + strings.Repeat("A", 60) + ":80"} {
		f.Add("", "", uint8(upper), "0", o, "0", "0", "0")
		f.Add("https://app.example.com", "", uint8(flagCredentials), "OPTIONS", o, "PUT", "x-a", "/")
		f.Add("", `https://[a-z]+\.example\.com`, uint8(flagAllowAll), "GET", o, "", "", "/")
	}
	for _, c := range corstest.Cases() {
		r := c.HTTPRequest()
		var flags uint8
		cfg := c.Config
		if cfg.AllowCredentials {
			flags |= flagCredentials
		}
		if cfg.AllowAllOrigins {
			flags |= flagAllowAll
		}
		if cfg.AllowPrivateNetwork {
			flags |= flagPrivateNetwork
		}
		if cfg.UnsafeAllowAllOriginsWithCredentials {
			flags |= flagUnsafe
		}
		if len(cfg.AllowMethods) == 1 && cfg.AllowMethods[0] == "*" {
			flags |= flagMethodStar
		}
		if len(cfg.AllowHeaders) == 1 && cfg.AllowHeaders[0] == "*" {
			flags |= flagHeaderStar
		}
		if cfg.URLsRegex != "" {
			flags |= flagURLs
		}
		for _, h := range c.Hooks {
			if h.Result {
				flags |= flagHookTrue
			}
		}
		join := func(name string) string {
			v := strings.Join(r.Header[name], "\n")
			if len(v) > 4096 {
				v = v[:4096]
			}
			return v
		}
		f.Add(strings.Join(cfg.AllowedOrigins, "\n"), strings.Join(cfg.AllowedOriginRegexes, "\n"), flags,
			r.Method, join("Origin"), join("Access-Control-Request-Method"), join("Access-Control-Request-Headers"), r.URL.Path)
	}
}

// FuzzDecide checks Decide's invariants on random configurations and
// requests.
func FuzzDecide(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, origins, regexes string, flags uint8, method, origin, acrm, acrh, path string) {
		fuzzDecide(t, fuzzInput{origins, regexes, flags, method, origin, acrm, acrh, path})
	})
}

// fuzzDecide is FuzzDecide's body, also run over a stored corpus by
// BenchmarkFuzzDecideCorpus.
func fuzzDecide(t testing.TB, in fuzzInput) {
	{
		path := in.path
		cfg := in.config()
		p, err := fuzzPolicies.get(in, cfg)
		if err != nil {
			return
		}
		r := in.request()
		req := core.NewRequest(r)
		var d core.Decision
		// Decide: no allocation, upper-case origins included; an ambiguous
		// path's cleaned form (only with URLsRegex) may take some. (Apply
		// allocates the response's own array: checkApplyIsolated.) AllocsPerRun
		// counts exactly but stops the world four times (14 µs): it runs
		// on every 32nd execution, and whenever the runtime's allocation
		// counter, cheap to read but updated only when a span is refilled,
		// says that this Decide allocated.
		fuzzExecs++
		before := heapObjects()
		d = p.Decide(req)
		suspect := heapObjects()-before > 0 || fuzzExecs%32 == 0
		if suspect && !raceEnabled && (in.flags&flagURLs == 0 || refPathClean(path)) {
			if allocs := testing.AllocsPerRun(1, func() { d = p.Decide(req) }); allocs > 0 {
				t.Fatalf("Decide allocated %v times", allocs)
			}
		}
		h := http.Header{}
		d.Apply(h)
		if fuzzExecs%32 == 0 && !raceEnabled {
			// Apply: at most one allocation, the response's own array.
			h2 := http.Header{}
			if allocs := testing.AllocsPerRun(1, func() { clear(h2); d.Apply(h2) }); allocs > 1 {
				t.Fatalf("Apply allocated %v times", allocs)
			}
		}
		checkInvariants(t, cfg, r, d, h)
		checkOwnedGrant(t, p, cfg, r, h)
		checkApplyIsolated(t, d, h)
	}
}

// checkApplyIsolated: what Apply wrote to h is h's own. Each value has its
// capacity equal to its length, and writing every value in place changes
// neither what the same decision writes to the next response nor the
// request.
func checkApplyIsolated(t testing.TB, d core.Decision, h http.Header) {
	t.Helper()
	want := http.Header{}
	for name, v := range h {
		if cap(v) != len(v) {
			t.Fatalf("%s: len %d, cap %d", name, len(v), cap(v))
		}
		want[name] = append([]string(nil), v...)
	}
	for _, v := range h {
		for i := range v {
			v[i] = "in place"
		}
	}
	again := http.Header{}
	d.Apply(again)
	if fmt.Sprint(again) != fmt.Sprint(want) {
		t.Fatalf("after in-place writes to a response, the next gets %v, want %v", again, want)
	}
}

// policyCache keeps the policies of the last configurations fuzzed: the
// fuzzer mutates one argument at a time, so most executions reuse the
// configuration of an earlier one, and a Policy is immutable.
type policyCache struct {
	mu      sync.Mutex
	entries map[policyKey]policyEntry
}

type policyKey struct {
	origins, regexes string
	flags            uint8
}

type policyEntry struct {
	p   *core.Policy
	err error
}

var fuzzPolicies = &policyCache{entries: map[policyKey]policyEntry{}}

func (c *policyCache) get(in fuzzInput, cfg core.Config) (*core.Policy, error) {
	k := policyKey{in.origins, in.regexes, in.flags}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		return e.p, e.err
	}
	if len(c.entries) >= 1024 {
		clear(c.entries)
	}
	p, err := core.NewPolicy(cfg)
	c.entries[k] = policyEntry{p, err}
	return p, err
}

// fuzzExecs counts fuzzDecide's executions in this process.
var fuzzExecs int

// heapObjects is the number of heap objects allocated so far, read without
// stopping the world.
func heapObjects() uint64 {
	metrics.Read(heapSample[:])
	return heapSample[0].Value.Uint64()
}

// heapSample is heapObjects' buffer, allocated once: the fuzz function
// runs on one goroutine at a time.
var heapSample = [1]metrics.Sample{{Name: "/gc/heap/allocs:objects"}}

// checkOwnedGrant: a credentialed grant by a pattern or a regex is for an
// origin under a domain someone owns. If the origin's registrable domain is
// label.suffix, where anyone registers labels under the public suffix, the
// same origin with another label must not be granted too.
func checkOwnedGrant(t testing.TB, p *core.Policy, cfg core.Config, r *http.Request, h http.Header) {
	t.Helper()
	if !cfg.AllowCredentials || cfg.AllowAllOrigins || len(cfg.CheckRequest) > 0 || h.Get("Access-Control-Allow-Credentials") != "true" {
		return
	}
	origin := strings.ToLower(r.Header.Get("Origin"))
	m := refOriginRE.FindStringSubmatch(origin)
	if m == nil || strings.HasPrefix(m[2], "[") || allDigits(m[2][strings.LastIndex(m[2], ".")+1:]) ||
		m[2] == "localhost" || strings.HasSuffix(m[2], ".localhost") {
		return
	}
	etld1, err := publicsuffix.EffectiveTLDPlusOne(m[2])
	if err != nil {
		return
	}
	suffix := etld1[strings.IndexByte(etld1, '.')+1:]
	port := ""
	if m[3] != "" {
		port = ":" + m[3]
	}
	// The labels are those NewPolicy probes credentialed regexes with
	// (internal/origin/publicsuffix.go): the probes are samples of what an
	// attacker may register, so this checks that the probes are built on
	// every public suffix a regex can reach, not that they cover every
	// label shape.
	for _, label := range []string{"xyz", "x-1", "corsheadersprobe0"} {
		other := m[1] + "://" + label + "." + suffix + port
		if other == origin {
			continue
		}
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: r.URL.Path}, Header: http.Header{"Origin": {other}}}
		if p.Decide(core.NewRequest(req)).Allowed() {
			t.Fatalf("credentialed grant of %q and of %q: anyone can register a name under %q", origin, other, suffix)
		}
	}
}

func checkInvariants(t testing.TB, cfg core.Config, r *http.Request, d core.Decision, h http.Header) {
	t.Helper()
	acao := h["Access-Control-Allow-Origin"]
	origins := r.Header["Origin"]
	enabled := cfg.URLsRegex == "" || refPathEnabled(r.URL.Path) || len(cfg.CheckRequest) > 0
	hookOpens := len(cfg.CheckRequest) > 0

	// ACAO is absent, "*", or exactly the single Origin, which the
	// reference allows.
	switch {
	case len(acao) == 0:
		if len(origins) == 1 && canonicalOrigin(origins[0]) && enabled && (refAllowed(cfg, origins[0]) || hookOpens) && d.Kind == core.Actual {
			t.Fatalf("%q refused, but the reference allows it (reason: %v)", origins[0], d.Reason)
		}
	case len(acao) > 1:
		t.Fatalf("%d Access-Control-Allow-Origin values", len(acao))
	case acao[0] == "*":
		if !cfg.AllowAllOrigins || cfg.AllowCredentials {
			t.Fatalf("* without allow-all or with credentials")
		}
	default:
		if len(origins) != 1 || acao[0] != origins[0] {
			t.Fatalf("Access-Control-Allow-Origin %q is not the request's Origin %q", acao[0], origins)
		}
		if !refAllowed(cfg, origins[0]) && !hookOpens {
			t.Fatalf("%q granted, but the reference refuses it", origins[0])
		}
	}
	if len(acao) > 0 && acao[0] == "*" && h.Get("Access-Control-Allow-Credentials") != "" {
		t.Fatal("* with Access-Control-Allow-Credentials")
	}
	// Vary: Origin on every response a cache may store; none on a
	// preflight's answer, which caches do not store (docs/behaviour.md).
	if enabled && !d.Preflight() && !varyHas(h, "Origin") {
		t.Fatalf("no Vary: Origin on a CORS-enabled path (kind %v)", d.Kind)
	}
	if d.Preflight() && len(h["Vary"]) > 0 {
		t.Fatalf("Vary %q on a preflight's answer", h["Vary"])
	}
	for name := range h {
		if strings.HasPrefix(name, "Access-Control-Allow-") && len(acao) == 0 {
			t.Fatalf("%s without Access-Control-Allow-Origin", name)
		}
	}

	// Preflights: the browser's verdict agrees with ours.
	switch d.Kind {
	case core.PreflightAccepted:
		if err := browserPreflight(r, d.Status, h, false); err != "" {
			t.Fatalf("accepted preflight fails the browser's check: %s", err)
		}
		if err := browserPreflight(r, d.Status, h, true); (err == "") != cfg.AllowCredentials {
			t.Fatalf("credentialed preflight: browser says %q with AllowCredentials %v", err, cfg.AllowCredentials)
		}
	case core.PreflightRejected:
		if browserPreflight(r, d.Status, h, false) == "" {
			t.Fatal("rejected preflight passes the browser's check")
		}
	}
}

// refPathEnabled is the fuzzed URLsRegex "/api/", which must match the
// path as sent and as a router that cleans paths (path.Clean, keeping a
// trailing slash) serves it.
func refPathEnabled(p string) bool {
	// URLsRegex "^/api/" must match the path as sent, cleaned, and without
	// its trailing slashes (a router may serve "/api/" as "/api"), and no
	// path longer than core.MaxPathLength is enabled.
	return len(p) <= core.MaxPathLength && strings.HasPrefix(p, "/api/") && strings.HasPrefix(refCleanPath(p), "/api/") &&
		strings.HasPrefix(strings.TrimRight(p, "/"), "/api/") && strings.HasPrefix(strings.TrimRight(refCleanPath(p), "/"), "/api/")
}

func refCleanPath(p string) string {
	clean := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean
}

func refPathClean(p string) bool { return p == "" || refCleanPath(p) == p }

func varyHas(h http.Header, name string) bool {
	for _, v := range h["Vary"] {
		for _, e := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(e), name) || strings.TrimSpace(e) == "*" {
				return true
			}
		}
	}
	return false
}

// browserPreflight is what a browser that sent r makes of the answer, with
// or without credentials: the CORS-preflight fetch's checks of
// core/browsercheck, the implementation the command and the conformance
// verdicts use too; "" is success.
func browserPreflight(r *http.Request, status int, h http.Header, credentials bool) string {
	names, ok := browsercheck.ParseList(r.Header["Access-Control-Request-Headers"])
	if !ok {
		return "Access-Control-Request-Headers is not a list of header names, which no browser sends"
	}
	p := browsercheck.Preflight{
		Origin:      r.Header.Get("Origin"),
		Method:      r.Header.Get("Access-Control-Request-Method"),
		Headers:     names,
		Credentials: credentials,
	}
	if err := p.Check(status, h); err != nil {
		return err.Error()
	}
	return ""
}

// The reference matcher: slow, simple, and independent of core's code.

var (
	refOriginRE  = regexp.MustCompile(`^([a-z][a-z0-9+.-]*)://([a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::([0-9]+))?$`)
	refPatternRE = regexp.MustCompile(`^([a-z][a-z0-9+.-]*)://(\*\.)?([a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::([0-9]+|\*))?$`)
)

// canonicalOrigin reports whether s is an origin as browsers serialize it.
func canonicalOrigin(s string) bool {
	m := refOriginRE.FindStringSubmatch(s)
	if m == nil || strings.Contains(m[2], "..") || strings.HasPrefix(m[2], ".") || strings.HasSuffix(m[2], ".") || len(m[2]) > 253 {
		return false
	}
	if strings.HasPrefix(m[2], "[") {
		addr, err := netip.ParseAddr(strings.Trim(m[2], "[]"))
		if err != nil || !addr.Is6() || "["+refIPv6(addr)+"]" != m[2] {
			return false
		}
	}
	for _, label := range strings.Split(m[2], ".") {
		if len(label) > 63 {
			return false
		}
	}
	port := m[3]
	return port == "" || port[0] != '0' && len(port) <= 5 && atoi(port) <= 65535 && port != refDefaultPort(m[1])
}

func refDefaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// refAllowed says whether cfg's lists allow origin, ignoring hooks.
func refAllowed(cfg core.Config, origin string) bool {
	lower := strings.ToLower(origin)
	if cfg.AllowAllOrigins {
		// Every origin, but only origins: a URL host has no IPv6 zone and
		// no bracketed IPv4 address.
		if origin == "null" || origin == "file://" {
			return true
		}
		m := refOriginRE.FindStringSubmatch(lower)
		if m == nil {
			return false
		}
		if strings.HasPrefix(m[2], "[") {
			addr, err := netip.ParseAddr(strings.Trim(m[2], "[]"))
			return err == nil && addr.Is6()
		}
		return true
	}
	for _, e := range cfg.AllowedOrigins {
		if e == "null" || e == "file://" {
			if origin == e {
				return true
			}
			continue
		}
		if origin == "null" || origin == "file://" {
			continue
		}
		pm := refEntry(e)
		om := refOriginRE.FindStringSubmatch(lower)
		if pm == nil || om == nil || pm[1] != om[1] {
			continue
		}
		pport, oport := pm[4], om[3]
		if pport == refDefaultPort(pm[1]) {
			pport = ""
		}
		if oport == refDefaultPort(om[1]) {
			oport = ""
		}
		if pport != "*" && pport != oport {
			continue
		}
		if pm[2] == "" && pm[3] == om[2] {
			return true
		}
		if pm[2] != "" && strings.HasSuffix(om[2], "."+pm[3]) && !strings.HasPrefix(om[2], "[") && !allDigits(om[2][strings.LastIndex(om[2], ".")+1:]) {
			return true
		}
	}
	if origin == "null" || origin == "file://" {
		return false
	}
	norm := lower
	if om := refOriginRE.FindStringSubmatch(lower); om != nil && om[3] != "" && om[3] == refDefaultPort(om[1]) {
		norm = strings.TrimSuffix(lower, ":"+om[3])
	}
	for _, expr := range cfg.AllowedOriginRegexes {
		// Whole-string match without pasting anchors onto the text: the
		// leftmost-longest match spans the whole string exactly when some
		// match does.
		re := refRegex(expr)
		if loc := re.FindStringIndex(norm); loc != nil && loc[0] == 0 && loc[1] == len(norm) {
			return true
		}
	}
	return false
}

// The reference's memos: the fuzzer reuses configurations from execution
// to execution, and what the reference derives from an entry depends on
// the entry alone.
var (
	refMu      sync.Mutex
	refEntries = map[string][]string{}
	refRegexes = map[string]*regexp.Regexp{}
)

// refEntry is the pattern match of an AllowedOrigins entry in the form
// browsers send, or nil.
func refEntry(e string) []string {
	refMu.Lock()
	defer refMu.Unlock()
	if pm, ok := refEntries[e]; ok {
		return pm
	}
	if len(refEntries) > 4096 {
		clear(refEntries)
	}
	pm := refPatternRE.FindStringSubmatch(strings.ToLower(refCanonicalIPv6(refASCIIHost(e))))
	refEntries[e] = pm
	return pm
}

// refRegex compiles expr for leftmost-longest matching.
func refRegex(expr string) *regexp.Regexp {
	refMu.Lock()
	defer refMu.Unlock()
	if re, ok := refRegexes[expr]; ok {
		return re
	}
	if len(refRegexes) > 4096 {
		clear(refRegexes)
	}
	re := regexp.MustCompile(expr)
	re.Longest()
	refRegexes[expr] = re
	return re
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// FuzzOriginPattern compiles one AllowedOrigins entry. NewPolicy never
// panics; an accepted plain entry allows the origin it names, in the form
// browsers send, and only origins the reference allows.
func FuzzOriginPattern(f *testing.F) {
	for _, c := range corstest.Cases() {
		for _, o := range c.Config.AllowedOrigins {
			f.Add(o, "https://app.example.com")
		}
	}
	for _, s := range []string{"https://*example.com", "http://[::1]:*", "HTTPS://A.COM:443", "https://a.com/", "https://*.co.uk", "null", " https://x", "https://a.com;https://b.com"} {
		f.Add(s, "https://a.com")
	}
	f.Fuzz(func(t *testing.T, entry, origin string) {
		cfg := core.Config{AllowedOrigins: []string{entry}}
		p, err := core.NewPolicy(cfg)
		if err != nil {
			if !strings.Contains(err.Error(), "AllowedOrigins[0]") {
				t.Fatalf("error does not name the entry: %v", err)
			}
			return
		}
		allowed := func(o string) bool {
			r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Header: http.Header{"Origin": {o}}}
			return p.Decide(core.NewRequest(r)).Allowed()
		}
		// An ASCII entry names the origin it allows; a Unicode one is
		// mapped by UTS #46, which strings.ToLower is not.
		if m := refPatternRE.FindStringSubmatch(strings.ToLower(entry)); m != nil && m[2] == "" && m[4] != "*" && !strings.HasPrefix(m[3], "[") && isASCII(entry) {
			want := m[1] + "://" + m[3]
			if m[4] != "" && m[4] != refDefaultPort(m[1]) {
				want += ":" + m[4]
			}
			if canonicalOrigin(want) && !allowed(want) {
				t.Fatalf("entry %q does not allow %q", entry, want)
			}
		}
		if allowed(origin) && !refAllowed(cfg, origin) {
			t.Fatalf("entry %q allows %q, the reference does not", entry, origin)
		}
	})
}

// FuzzRequestHeaders checks Access-Control-Request-Headers parsing: never a
// panic, never an allocation, never a grant of a name not allowed, and a
// grant for every browser-shaped list of allowed names.
func FuzzRequestHeaders(f *testing.F) {
	for _, c := range corstest.Cases() {
		r := c.HTTPRequest()
		if v := r.Header.Get("Access-Control-Request-Headers"); v != "" && len(v) < 4096 {
			f.Add(v, false)
		}
	}
	f.Add("x-a,content-type", true)
	f.Add("authorization", true)
	allowed := []string{"accept", "authorization", "content-type", "x-api-key"}
	f.Fuzz(func(t *testing.T, acrh string, star bool) {
		cfg := core.Config{AllowedOrigins: []string{"https://a.com"}, AllowHeaders: allowed}
		if star {
			cfg.AllowHeaders = []string{"*"}
		}
		p := core.MustPolicy(cfg)
		r := &http.Request{Method: http.MethodOptions, URL: &url.URL{Path: "/"}, Header: http.Header{
			"Origin": {"https://a.com"}, "Access-Control-Request-Method": {"PUT"}, "Access-Control-Request-Headers": {acrh}}}
		req := core.NewRequest(r)
		var d core.Decision
		if allocs := testing.AllocsPerRun(1, func() { d = p.Decide(req) }); allocs > 0 && !raceEnabled {
			t.Fatalf("%v allocations", allocs)
		}
		// Every name is allowed when the list parses as the Fetch
		// standard reads it and the browser would find each name granted
		// by the AllowHeaders configured ("*" never covers Authorization).
		names, every := browsercheck.ParseList([]string{acrh})
		for _, n := range names {
			every = every && browsercheck.HeaderGranted(n, cfg.AllowHeaders, false)
		}
		if d.Kind == core.PreflightAccepted && !every {
			t.Fatalf("%q accepted though it names a header not allowed", acrh)
		}
		// With "*", lists longer than 4 KiB are refused by design
		// (docs/behaviour.md, "Hostile input").
		browserShaped := strings.Join(names, ",") == acrh && uniqueFold(names) && len(names) <= len(allowed) && len(acrh) <= 4096
		if d.Kind == core.PreflightRejected && every && browserShaped {
			t.Fatalf("%q rejected though every name is allowed (%v)", acrh, d.Reason)
		}
	})
}

func uniqueFold(names []string) bool {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[strings.ToLower(n)] {
			return false
		}
		seen[strings.ToLower(n)] = true
	}
	return true
}

// refIDNA is the WHATWG URL standard's domain to ASCII: UTS #46 without
// CheckHyphens and UseSTD3ASCIIRules.
var refIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.CheckHyphens(false), idna.StrictDomainName(false))

// refASCIIHost converts the host of entry to the punycode browsers send.
func refASCIIHost(entry string) string {
	i := strings.Index(entry, "://")
	if i < 0 {
		return entry
	}
	rest := entry[i+3:]
	host, port := rest, ""
	if j := strings.LastIndex(rest, ":"); j >= 0 && !strings.HasPrefix(rest, "[") {
		host, port = rest[:j], rest[j:]
	}
	wild := strings.HasPrefix(host, "*.")
	host = strings.TrimPrefix(host, "*.")
	ascii, err := refIDNA.ToASCII(host)
	ascii = strings.ToLower(ascii)
	if err != nil {
		return entry
	}
	if wild {
		ascii = "*." + ascii
	}
	return entry[:i+3] + ascii + port
}

// refCanonicalIPv6 writes an entry's bracketed IPv6 host as browsers
// serialize it ("[0::1]" is "[::1]").
func refCanonicalIPv6(entry string) string {
	open, end := strings.Index(entry, "://["), strings.Index(entry, "]")
	if open < 0 || end < open {
		return entry
	}
	addr, err := netip.ParseAddr(entry[open+4 : end])
	if err != nil {
		return entry
	}
	return entry[:open+3] + "[" + refIPv6(addr) + "]" + entry[end+1:]
}

// refIPv6 serializes addr as the WHATWG URL standard does: netip's form,
// but an IPv4-mapped address in hex groups.
func refIPv6(addr netip.Addr) string {
	s := addr.String()
	if addr.Is4In6() && addr.Zone() == "" {
		v4 := addr.Unmap().As4()
		s = fmt.Sprintf("::ffff:%x:%x", int(v4[0])<<8|int(v4[1]), int(v4[2])<<8|int(v4[3]))
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
