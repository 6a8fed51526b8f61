package core_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

const (
	originA = "https://shop.acme.example"
	originB = "https://www.beta.example"
)

func tenantPolicy(t testing.TB, origins ...string) *core.Policy {
	t.Helper()
	return core.MustPolicy(core.Config{AllowedOrigins: origins, AllowCredentials: true})
}

// hostTenants holds acme.api.example.com, allowing originA, and
// beta.api.example.com, allowing originB.
func hostTenants(t testing.TB, opts ...core.TenantsOption) *core.Tenants {
	t.Helper()
	ts := core.MustTenants(core.TenantByHost(), opts...)
	mustStore(t, ts, "acme.api.example.com", tenantPolicy(t, originA))
	mustStore(t, ts, "beta.api.example.com", tenantPolicy(t, originB))
	return ts
}

func mustStore(t testing.TB, ts *core.Tenants, name string, p *core.Policy) {
	t.Helper()
	if err := ts.Store(name, p); err != nil {
		t.Fatalf("Store(%q): %v", name, err)
	}
}

// answer decides a GET to host and target from origin with src and returns
// the response's Access-Control-Allow-Origin and Vary, and the Decision.
func answer(src core.Source, host, target, origin string) (acao, vary string, d core.Decision) {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = host
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	h := http.Header{}
	d = core.Handle(src, h, r)
	return h.Get("Access-Control-Allow-Origin"), strings.Join(h["Vary"], ","), d
}

func TestTenantByHostChoosesTheHostsPolicy(t *testing.T) {
	ts := hostTenants(t)
	for _, c := range []struct {
		host, origin, want string
	}{
		{"acme.api.example.com", originA, originA},
		{"acme.api.example.com", originB, ""},
		{"beta.api.example.com", originB, originB},
		{"beta.api.example.com", originA, ""},
		// Spellings of the same host name the same tenant.
		{"ACME.Api.Example.COM", originA, originA},
		{"acme.api.example.com.", originA, originA},
		{"acme.api.example.com:443", originA, originA},
		{"acme.api.example.com:80", originA, originA},
		{"Acme.api.example.com.:443", originA, originA},
		// Another port is another name, here not stored.
		{"acme.api.example.com:8443", originA, ""},
		// Malformed hosts name no tenant.
		{"acme.api.example.com:0443", originA, ""},
		{"acme.api.example.com:", originA, ""},
		{"acme.api.example.com..", originA, ""},
		{"acme..api.example.com", originA, ""},
		{"acme.api.example.com:443:443", originA, ""},
		{"acme_x.api.example.com", originA, ""},
		{"[::1]:443", originA, ""},
		{"", originA, ""},
		{strings.Repeat("a", 64) + ".example.com", originA, ""},
		{strings.Repeat("a.", 5000) + "com", originA, ""},
	} {
		acao, vary, _ := answer(ts, c.host, "/orders", c.origin)
		if acao != c.want {
			t.Errorf("Host %.40q, Origin %s: Access-Control-Allow-Origin %q, want %q", c.host, c.origin, acao, c.want)
		}
		if vary != "Origin" {
			t.Errorf("Host %.40q, Origin %s: Vary %q, want Origin", c.host, c.origin, vary)
		}
	}
}

func TestUnknownTenantIsNotCORS(t *testing.T) {
	ts := hostTenants(t)
	acao, vary, d := answer(ts, "other.api.example.com", "/orders", originA)
	if acao != "" || vary != "Origin" || d.Kind != core.NotCORS || d.Reason != core.ReasonTenantUnknown || d.Answered() {
		t.Errorf("unknown tenant: ACAO %q, Vary %q, %v (%s), answered %v; want no grant, Vary Origin, not CORS, tenant_unknown, not answered", acao, vary, d.Kind, d.Reason.Key(), d.Answered())
	}
	// A preflight goes to the application, as for a path outside CORS.
	r := httptest.NewRequest(http.MethodOptions, "/orders", nil)
	r.Host = "other.api.example.com"
	r.Header.Set("Origin", originA)
	r.Header.Set("Access-Control-Request-Method", "PUT")
	h := http.Header{}
	if d := core.Handle(ts, h, r); d.Answered() || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("unknown tenant's preflight: answered %v, headers %v", d.Answered(), h)
	}
}

func TestUnknownTenantPolicyDecidesOnlyUnknownTenants(t *testing.T) {
	const platform = "https://console.platform.example"
	ts := hostTenants(t, core.UnknownTenantPolicy(tenantPolicy(t, platform)))
	if acao, _, _ := answer(ts, "other.api.example.com", "/", platform); acao != platform {
		t.Errorf("unknown tenant, platform origin: ACAO %q, want %q", acao, platform)
	}
	if acao, _, _ := answer(ts, "other.api.example.com", "/", originA); acao != "" {
		t.Errorf("unknown tenant, tenant A's origin: ACAO %q, want none", acao)
	}
	if acao, _, _ := answer(ts, "acme.api.example.com", "/", platform); acao != "" {
		t.Errorf("tenant A, platform origin: ACAO %q, want none (a tenant's policy decides its requests)", acao)
	}
}

func TestTenantByPathSegment(t *testing.T) {
	ts := core.MustTenants(core.TenantByPathSegment("/t"))
	mustStore(t, ts, "acme", tenantPolicy(t, originA))
	mustStore(t, ts, "beta", tenantPolicy(t, originB))
	for _, c := range []struct {
		target, origin, want string
	}{
		{"/t/acme/orders", originA, originA},
		{"/t/acme", originA, originA},
		{"/t/acme/", originA, originA},
		{"/t/acme/orders", originB, ""},
		{"/t/beta/orders", originB, originB},
		{"/t/beta/orders", originA, ""},
		// Read two ways, or not a tenant name: no tenant.
		{"/t/acme/../beta/orders", originA, ""},
		{"/t/acme/../../t/beta/x", originA, ""},
		{"/t/acme/./orders", originA, ""},
		{"/t//acme/orders", originA, ""},
		{"/t/acme//orders", originA, ""},
		{"/t/acme%2Fx/orders", originA, ""},
		{"/t/%61cme/orders", originA, ""},
		{"/t/ACME/orders", originA, ""},
		{"/T/acme/orders", originA, ""},
		{"/t/", originA, ""},
		{"/tenants/acme", originA, ""},
		{"/t/acme/" + strings.Repeat("x", core.MaxPathLength), originA, ""},
	} {
		acao, vary, _ := answer(ts, "api.example.com", c.target, c.origin)
		if acao != c.want || vary != "Origin" {
			t.Errorf("%.40q from %s: ACAO %q, Vary %q; want %q, Origin", c.target, c.origin, acao, vary, c.want)
		}
	}
}

// A server not built on net/http gives the path as sent; HandleRequest
// decodes it, and the tenant is read from both readings.
func TestTenantByPathSegmentFromTheSentPath(t *testing.T) {
	ts := core.MustTenants(core.TenantByPathSegment("/t/"))
	mustStore(t, ts, "acme", tenantPolicy(t, originA))
	for _, c := range []struct {
		sent string
		want string
	}{
		{"/t/acme/orders", originA},
		{"/t/acme%2Fx/orders", ""},
		{"/t/%61cme/orders", ""},
		{"/t/acme/%2e%2e/beta", ""},
	} {
		h := http.Header{}
		core.HandleRequest(ts, h, &core.Request{Method: "GET", RawPath: c.sent, Origin: []string{originA}})
		if got := h.Get("Access-Control-Allow-Origin"); got != c.want {
			t.Errorf("%q: ACAO %q, want %q", c.sent, got, c.want)
		}
	}
}

func TestTenantFuncIsCalledOnce(t *testing.T) {
	var calls atomic.Int32
	ts := core.MustTenants(core.TenantFunc(func(r *http.Request) string {
		calls.Add(1)
		return r.Header.Get("X-Tenant")
	}))
	mustStore(t, ts, "Acme Corp", tenantPolicy(t, originA))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Origin", originA)
	r.Header.Set("X-Tenant", "Acme Corp")
	h := http.Header{}
	core.Handle(ts, h, r)
	if got := h.Get("Access-Control-Allow-Origin"); got != originA {
		t.Errorf("ACAO %q, want %q", got, originA)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("TenantFunc called %d times, want 1", n)
	}
	r.Header.Set("X-Tenant", "acme corp")
	h = http.Header{}
	if core.Handle(ts, h, r); h.Get("Access-Control-Allow-Origin") != "" {
		t.Error("a name that is not stored got a grant")
	}
	// A request view without a net/http request converts it on need.
	conv := tenantConverter{r: r}
	h = http.Header{}
	r.Header.Set("X-Tenant", "Acme Corp")
	core.HandleRequest(ts, h, &core.Request{Method: "GET", Path: "/", Origin: []string{originA}, ToHTTP: &conv})
	if got := h.Get("Access-Control-Allow-Origin"); got != originA || conv.n != 1 {
		t.Errorf("through ToHTTP: ACAO %q, %d conversions; want %q, 1", got, conv.n, originA)
	}
}

type tenantConverter struct {
	r *http.Request
	n int
}

func (c *tenantConverter) HTTPRequest() *http.Request { c.n++; return c.r }

func TestTenantsStoreReplaceDelete(t *testing.T) {
	ts := hostTenants(t)
	if ts.Len() != 2 {
		t.Fatalf("Len %d, want 2", ts.Len())
	}
	pA := ts.Load("acme.api.example.com")
	if pA == nil || ts.Load("nope.example.com") != nil {
		t.Fatal("Load")
	}
	// Replacing a tenant's policy takes effect at once.
	mustStore(t, ts, "acme.api.example.com", tenantPolicy(t, originA, originB))
	if acao, _, _ := answer(ts, "acme.api.example.com", "/", originB); acao != originB {
		t.Errorf("after replacing: ACAO %q, want %q", acao, originB)
	}
	if ts.Len() != 2 || ts.Load("acme.api.example.com") == pA {
		t.Errorf("after replacing: Len %d, Load still the old policy %v", ts.Len(), ts.Load("acme.api.example.com") == pA)
	}
	ts.Delete("acme.api.example.com")
	ts.Delete("acme.api.example.com")
	if acao, _, d := answer(ts, "acme.api.example.com", "/", originA); acao != "" || d.Reason != core.ReasonTenantUnknown {
		t.Errorf("after Delete: ACAO %q, %s", acao, d.Reason.Key())
	}
	if ts.Len() != 1 {
		t.Errorf("Len %d after Delete, want 1", ts.Len())
	}
	if acao, _, _ := answer(ts, "beta.api.example.com", "/", originB); acao != originB {
		t.Errorf("the other tenant: ACAO %q", acao)
	}
}

func TestTenantsStoreRefusesNamesNotInNormalForm(t *testing.T) {
	host := core.MustTenants(core.TenantByHost())
	path := core.MustTenants(core.TenantByPathSegment("/t/"))
	fn := core.MustTenants(core.TenantFunc(func(*http.Request) string { return "" }))
	p := tenantPolicy(t, originA)
	for _, c := range []struct {
		ts   *core.Tenants
		name string
		fix  string
	}{
		{host, "ACME.example.com", `write "acme.example.com"`},
		{host, "acme.example.com.", `write "acme.example.com"`},
		{host, "acme.example.com:443", `write "acme.example.com"`},
		{host, "https://acme.example.com", "write the host clients send"},
		{host, "*.example.com", "write the host clients send"},
		{path, "Acme", "name the tenant as its path writes it"},
		{path, "a/b", "name the tenant as its path writes it"},
		{path, "..", "name the tenant as its path writes it"},
		{fn, "", "name the tenant as the function returns it"},
	} {
		err := c.ts.Store(c.name, p)
		var ce *core.ConfigError
		if !errors.As(err, &ce) || ce.Value != c.name || !strings.Contains(ce.Fix, c.fix) {
			t.Errorf("Store(%q): %v; want a ConfigError naming it with the fix %q", c.name, err, c.fix)
		}
	}
	if host.Len()+path.Len()+fn.Len() != 0 {
		t.Error("a refused name was stored")
	}
	if err := host.Store("acme.example.com:8443", p); err != nil {
		t.Errorf("a host with a port: %v", err)
	}
}

func TestNewTenantsRefusesBadKeys(t *testing.T) {
	for _, c := range []struct {
		key   core.TenantKey
		opts  []core.TenantsOption
		field string
	}{
		{core.TenantKey{}, nil, "TenantKey"},
		{core.TenantFunc(nil), nil, "TenantFunc"},
		{core.TenantByPathSegment("t/"), nil, "TenantByPathSegment"},
		{core.TenantByPathSegment("/a/../t/"), nil, "TenantByPathSegment"},
		{core.TenantByPathSegment("/a//t/"), nil, "TenantByPathSegment"},
		{core.TenantByPathSegment("/t%2F/"), nil, "TenantByPathSegment"},
		{core.TenantByHost(), []core.TenantsOption{core.UnknownTenantPolicy(nil)}, "UnknownTenantPolicy"},
		{core.TenantByHost(), []core.TenantsOption{nil}, "TenantsOption"},
	} {
		ts, err := core.NewTenants(c.key, c.opts...)
		var ce *core.ConfigError
		if ts != nil || !errors.As(err, &ce) || ce.Field != c.field || ce.Fix == "" {
			t.Errorf("NewTenants(%+v): %v; want a ConfigError on %s with a fix", c.key, err, c.field)
		}
	}
	for _, prefix := range []string{"/", "/t", "/api/v1/tenants/"} {
		if _, err := core.NewTenants(core.TenantByPathSegment(prefix)); err != nil {
			t.Errorf("prefix %q: %v", prefix, err)
		}
	}
}

func TestTenantsDebugLogNamesTheTenant(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	ts := core.MustTenants(core.TenantByHost(), core.UnknownTenantPolicy(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://console.platform.example"}, DebugLogger: logger})))
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{originA}, DebugLogger: logger})
	mustStore(t, ts, "acme.api.example.com", p)
	mustStore(t, ts, "beta.api.example.com", core.MustPolicy(core.Config{
		Paths:       []core.PathRule{{Prefix: "/api", Config: core.Config{AllowedOrigins: []string{originB}}}},
		DebugLogger: logger,
	}))
	if ts.Load("acme.api.example.com") != p {
		t.Error("Load returns another policy than the one given")
	}
	answer(ts, "acme.api.example.com", "/", "https://evil.example")
	answer(ts, "beta.api.example.com", "/api/x", "https://evil.example")
	answer(ts, "zzz.api.example.com", "/", "https://evil.example")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want 3:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{"tenant=acme.api.example.com", "tenant=beta.api.example.com", "tenant=(unknown)"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "origin=https://evil.example") {
			t.Errorf("line %d: %s\nwant %s", i, lines[i], want)
		}
	}
	// The policy as given still logs without the attribute.
	buf.Reset()
	h := http.Header{}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Origin", "https://evil.example")
	core.Handle(p, h, r)
	if strings.Contains(buf.String(), "tenant=") {
		t.Errorf("the policy given to Store logs a tenant: %s", buf.String())
	}
}

func TestTenantsExplainNamesTheTenant(t *testing.T) {
	ts := hostTenants(t)
	for _, c := range []struct {
		host, origin, step string
		ok                 bool
		reason             core.Reason
	}{
		{"ACME.api.example.com:443", originA, `tenant "acme.api.example.com", read from the Host "ACME.api.example.com:443"`, true, core.ReasonAllowed},
		{"acme.api.example.com", originB, `tenant "acme.api.example.com", read from the Host`, true, core.ReasonOriginNotAllowed},
		{"other.api.example.com", originA, `tenant "other.api.example.com", read from the Host "other.api.example.com", is not stored: no policy is given for unknown tenants`, false, core.ReasonTenantUnknown},
		{"acme..example.com", originA, `the Host "acme..example.com" is not a host name`, false, core.ReasonTenantUnknown},
		{"acme.api.example.com\x1b[2J", originA, `the Host "acme.api.example.com\x1b[2J" is not a host name`, false, core.ReasonTenantUnknown},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = c.host
		r.Header.Set("Origin", c.origin)
		e := ts.Explain(r)
		if len(e.Steps) == 0 || e.Steps[0].Check != "tenant" || e.Steps[0].OK != c.ok || !strings.Contains(e.Steps[0].Detail, c.step) || e.Reason != c.reason {
			t.Errorf("Host %q: %v\nwant a first step %q, ok %v, reason %s", c.host, e, c.step, c.ok, c.reason.Key())
		}
	}
	// The explanation's headers are the middleware's.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Host = "other.api.example.com"
	r.Header.Set("Origin", originA)
	if e := ts.Explain(r); e.Header.Get("Vary") != "Origin" || e.Header.Get("Access-Control-Allow-Origin") != "" || e.Origin != originA {
		t.Errorf("unknown tenant's explanation: %v %v", e.Header, e.Origin)
	}
	path := core.MustTenants(core.TenantByPathSegment("/t/"))
	mustStore(t, path, "acme", tenantPolicy(t, originA))
	r = httptest.NewRequest(http.MethodGet, "/t/acme%2Fx/", nil)
	r.Header.Set("Origin", originA)
	if e := path.Explain(r); !strings.Contains(e.Steps[0].Detail, `the path "/t/acme/x/" (sent as "/t/acme%2Fx/") may be read as another tenant`) {
		t.Errorf("encoded slash: %v", e)
	}
}

func TestObserveOverTenants(t *testing.T) {
	ts := hostTenants(t)
	var got []string
	src := core.Observe(ts, func(o core.Observation) {
		got = append(got, fmt.Sprintf("%s/%s/%v", o.Kind.Key(), o.Reason.Key(), o.Allowed))
	})
	answer(src, "acme.api.example.com", "/", originA)
	answer(src, "acme.api.example.com", "/", originB)
	answer(src, "nope.api.example.com", "/", originA)
	want := "actual/allowed/true actual/origin_not_allowed/false not_cors/tenant_unknown/false"
	if strings.Join(got, " ") != want {
		t.Errorf("observed %q, want %q", strings.Join(got, " "), want)
	}
}

// Code that reads a single policy from a Tenants, such as
// CrossOriginProtection, trusts no origin: it cannot know the tenant.
func TestTenantsPolicyTrustsNoOrigin(t *testing.T) {
	ts := hostTenants(t)
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Host = "acme.api.example.com"
	r.Header.Set("Origin", originA)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if ts.Policy() == nil || ts.Policy().TrustsOrigin(r) {
		t.Error("Tenants.Policy trusts tenant A's origin")
	}
	if err := core.NewCrossOriginProtection(ts).Check(r); err == nil {
		t.Error("CrossOriginProtection over Tenants let a cross-origin POST through")
	}
}

// Stores, replacements and deletions while requests are decided: every
// answer is one of a tenant's policies in force, never another tenant's.
func TestTenantsChangeWhileServing(t *testing.T) {
	ts := hostTenants(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if acao, _, _ := answer(ts, "beta.api.example.com", "/", originA); acao != "" {
					t.Error("tenant B granted tenant A's origin")
					return
				}
				answer(ts, "acme.api.example.com", "/", originA)
			}
		}()
	}
	for i := range 300 {
		mustStore(t, ts, fmt.Sprintf("t%d.api.example.com", i), tenantPolicy(t, originA))
		mustStore(t, ts, "acme.api.example.com", tenantPolicy(t, originA))
		if i%2 == 0 {
			ts.Delete("acme.api.example.com")
		}
	}
	close(stop)
	wg.Wait()
	if ts.Len() != 302 {
		t.Errorf("Len %d, want 302", ts.Len())
	}
}

func TestTenantsDebugLoggerLogsUnknownTenants(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	ts := core.MustTenants(core.TenantByHost(), core.TenantsDebugLogger(logger))
	mustStore(t, ts, "acme.api.example.com", tenantPolicy(t, originA))
	answer(ts, "acme.api.example.com", "/", originA)         // a stored tenant: not logged
	answer(ts, "gamma.api.example.com", "/", "")             // no Origin: not logged
	answer(ts, "gamma.api.example.com", "/x", originA)       // logged
	answer(ts, "acme.api.example.com\x1b[2J", "/y", originA) // logged, escaped
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{
		`host=gamma.api.example.com method=GET path=/x origin=https://shop.acme.example failed="tenant \"gamma.api.example.com\", read from the Host \"gamma.api.example.com\", is not stored"`,
		`host=acme.api.example.com\x1b[2J method=GET path=/y`,
	} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], `msg="corsheaders: no tenant for the request"`) {
			t.Errorf("line %d:\n%s\nwant %s", i, lines[i], want)
		}
	}
	if strings.Contains(buf.String(), "\x1b") {
		t.Error("an escape character reached the log")
	}

	// A TenantFunc is called once, logged or not.
	buf.Reset()
	var calls atomic.Int32
	fn := core.MustTenants(core.TenantFunc(func(r *http.Request) string {
		calls.Add(1)
		return r.Header.Get("X-Tenant")
	}), core.TenantsDebugLogger(logger))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Origin", originA)
	r.Header.Set("X-Tenant", "nobody")
	core.Handle(fn, http.Header{}, r)
	if calls.Load() != 1 || !strings.Contains(buf.String(), `tenant \"nobody\", read from TenantFunc, is not stored`) {
		t.Errorf("%d calls; log %s", calls.Load(), buf.String())
	}
}

// A tenant's EnforceOrigin refuses its requests from other origins; an
// unknown tenant's requests are refused only by the policy for unknown
// tenants.
func TestTenantsWithEnforcedOrigins(t *testing.T) {
	enforced := func(origins ...string) *core.Policy {
		return core.MustPolicy(core.Config{AllowedOrigins: origins, EnforceOrigin: true, UnsafeAllowAnyHost: true})
	}
	ts := core.MustTenants(core.TenantByHost(), core.UnknownTenantPolicy(enforced("https://console.platform.example")))
	mustStore(t, ts, "acme.api.example.com", enforced(originA))
	for _, c := range []struct {
		host, origin string
		answered     bool
		acao         string
	}{
		{"acme.api.example.com", originA, false, originA},
		{"acme.api.example.com", originB, true, ""},
		{"other.api.example.com", originA, true, ""},
		{"other.api.example.com", "https://console.platform.example", false, "https://console.platform.example"},
	} {
		acao, _, d := answer(ts, c.host, "/", c.origin)
		if d.Answered() != c.answered || acao != c.acao {
			t.Errorf("%s from %s: answered %v (%s), ACAO %q; want %v, %q", c.host, c.origin, d.Answered(), d.Reason.Key(), acao, c.answered, c.acao)
		}
	}
}
