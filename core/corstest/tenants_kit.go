package corstest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// The tenants of RunTenants: acme allows TenantOriginA, beta allows
// TenantOriginB, both with credentials. By host they are
// acme.api.example.test and beta.api.example.test; by path, the segment
// after "/t/"; by TenantFunc, the value of the TenantHeader header.
const (
	TenantOriginA = "https://shop.acme.example"
	TenantOriginB = "https://www.beta.example"
	tenantOriginC = "https://new.acme.example"
	// TenantHeader names the tenant for the TenantFunc servers of
	// RunTenants (a test's choice: read a tenant from what the
	// connection carried, or from a token, not from a header a page sets).
	TenantHeader = "X-Tenant"
	acmeHost     = "acme.api.example.test"
	betaHost     = "beta.api.example.test"
)

// A tenantCase is a request to a Tenants server and what its response must
// be.
type tenantCase struct {
	name   string
	key    string // "host", "path" or "func"
	host   string // "" means acme's host
	method string // "" means GET
	target string // "" means /orders
	kv     []string
	// want is the Access-Control-Allow-Origin expected, "" for none.
	want string
	// answered: the middleware answers a preflight itself (204 or 403);
	// otherwise the application must run, unless the router may redirect
	// a path it would clean (net/http's ServeMux, Gin).
	answered    int
	mayRedirect bool
}

func tenantCases() []tenantCase {
	o := func(origin string, kv ...string) []string { return append([]string{"Origin", origin}, kv...) }
	pre := func(origin string) []string { return o(origin, "Access-Control-Request-Method", http.MethodPut) }
	return []tenantCase{
		{name: "host: the tenant's origin", key: "host", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "host: another tenant's origin", key: "host", kv: o(TenantOriginB)},
		{name: "host: the other tenant", key: "host", host: betaHost, kv: o(TenantOriginB), want: TenantOriginB},
		{name: "host: the other tenant, the first's origin", key: "host", host: betaHost, kv: o(TenantOriginA)},
		{name: "host: upper case", key: "host", host: "ACME.Api.Example.TEST", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "host: trailing dot", key: "host", host: acmeHost + ".", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "host: port 443", key: "host", host: acmeHost + ":443", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "host: all spellings at once", key: "host", host: "Acme.API.example.test.:443", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "host: another port is another tenant", key: "host", host: acmeHost + ":8443", kv: o(TenantOriginA)},
		{name: "host: not a host name", key: "host", host: "acme..api.example.test", kv: o(TenantOriginA)},
		{name: "host: unknown tenant", key: "host", host: "gamma.api.example.test", kv: o(TenantOriginA)},
		{name: "host: preflight", key: "host", method: http.MethodOptions, kv: pre(TenantOriginA), want: TenantOriginA, answered: http.StatusNoContent},
		{name: "host: preflight from another tenant's origin", key: "host", method: http.MethodOptions, kv: pre(TenantOriginB), answered: http.StatusForbidden},
		{name: "host: preflight for an unknown tenant goes to the application", key: "host", host: "gamma.api.example.test", method: http.MethodOptions, kv: pre(TenantOriginA)},
		// A page can set forwarding headers without a preflight: the host
		// the connection carried names the tenant, whatever they say.
		{name: "host: X-Forwarded-Host naming another tenant", key: "host", host: betaHost, kv: o(TenantOriginA, "X-Forwarded-Host", acmeHost)},
		{name: "host: X-Forwarded-Host naming another tenant, preflight", key: "host", host: betaHost, method: http.MethodOptions, kv: append(pre(TenantOriginA), "X-Forwarded-Host", acmeHost), answered: http.StatusForbidden},
		{name: "host: X-Forwarded-Host ignored for the raw Host's tenant", key: "host", kv: o(TenantOriginA, "X-Forwarded-Host", betaHost), want: TenantOriginA},
		{name: "host: Forwarded naming another tenant", key: "host", host: betaHost, kv: o(TenantOriginA, "Forwarded", "host="+acmeHost)},

		{name: "path: the tenant's origin", key: "path", target: "/t/acme/orders", kv: o(TenantOriginA), want: TenantOriginA},
		{name: "path: another tenant's origin", key: "path", target: "/t/acme/orders", kv: o(TenantOriginB)},
		{name: "path: the other tenant", key: "path", target: "/t/beta/orders", kv: o(TenantOriginB), want: TenantOriginB},
		{name: "path: preflight", key: "path", method: http.MethodOptions, target: "/t/acme/orders", kv: pre(TenantOriginA), want: TenantOriginA, answered: http.StatusNoContent},
		{name: "path: preflight from another tenant's origin", key: "path", method: http.MethodOptions, target: "/t/beta/orders", kv: pre(TenantOriginA), answered: http.StatusForbidden},
		{name: "path: unknown tenant", key: "path", target: "/t/gamma/orders", kv: o(TenantOriginA)},
		{name: "path: dot segments leading to another tenant", key: "path", mayRedirect: true, target: "/t/acme/../beta/orders", kv: o(TenantOriginA)},
		{name: "path: encoded slash", key: "path", mayRedirect: true, target: "/t/acme%2F..%2Fbeta/orders", kv: o(TenantOriginA)},
		{name: "path: encoded dots", key: "path", mayRedirect: true, target: "/t/acme/%2e%2e/beta/orders", kv: o(TenantOriginA)},
		{name: "path: upper case", key: "path", target: "/t/ACME/orders", kv: o(TenantOriginA)},
		{name: "path: empty segment", key: "path", mayRedirect: true, target: "/t//acme/orders", kv: o(TenantOriginA)},

		{name: "func: the tenant's origin", key: "func", kv: o(TenantOriginA, TenantHeader, "acme"), want: TenantOriginA},
		{name: "func: another tenant's origin", key: "func", kv: o(TenantOriginB, TenantHeader, "acme")},
		{name: "func: the other tenant", key: "func", kv: o(TenantOriginB, TenantHeader, "beta"), want: TenantOriginB},
		{name: "func: no tenant", key: "func", kv: o(TenantOriginA)},
		{name: "func: preflight", key: "func", method: http.MethodOptions, kv: append(pre(TenantOriginA), TenantHeader, "acme"), want: TenantOriginA, answered: http.StatusNoContent},
	}
}

// newTenants builds the Tenants of RunTenants read by key ("host", "path"
// or "func"); calls counts the TenantFunc's calls.
func newTenants(t *testing.T, key string, calls *atomic.Int32) *core.Tenants {
	t.Helper()
	var ts *core.Tenants
	acme, beta := "acme", "beta"
	switch key {
	case "host":
		ts = core.MustTenants(core.TenantByHost())
		acme, beta = acmeHost, betaHost
	case "path":
		ts = core.MustTenants(core.TenantByPathSegment("/t/"))
	default:
		ts = core.MustTenants(core.TenantFunc(func(r *http.Request) string {
			calls.Add(1)
			return r.Header.Get(TenantHeader)
		}))
	}
	store(t, ts, acme, TenantOriginA)
	store(t, ts, beta, TenantOriginB)
	return ts
}

func store(t *testing.T, ts *core.Tenants, name string, origins ...string) {
	t.Helper()
	if err := ts.Store(name, core.MustPolicy(core.Config{AllowedOrigins: origins, AllowCredentials: true})); err != nil {
		t.Fatalf("corstest: Store(%q): %v", name, err)
	}
}

// RunTenants checks that a middleware built from a [core.Tenants] decides
// each request with its tenant's policy, the tenant read from the Host the
// connection carried (never X-Forwarded-Host or Forwarded, whatever the
// framework's proxy settings), from a path segment, or by a TenantFunc
// called once per request; that an unknown tenant, and a path read two
// ways, get no grant; and that tenants added, replaced and removed while
// the server runs apply at once. newServer must route every method and
// path to app, as Run's servers do.
func RunTenants(t *testing.T, newServer NewServerFrom) {
	t.Helper()
	var calls atomic.Int32
	var ran atomic.Bool
	app := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		ran.Store(true)
		_, _ = w.Write([]byte(AppBody))
	})
	servers := map[string]http.Handler{}
	tenants := map[string]*core.Tenants{}
	for _, key := range []string{"host", "path", "func"} {
		tenants[key] = newTenants(t, key, &calls)
		if servers[key] = newServer(t, tenants[key], app); servers[key] == nil {
			t.Fatal("corstest: NewServerFrom returned nil")
		}
	}
	for _, c := range tenantCases() {
		t.Run(c.name, func(t *testing.T) {
			ran.Store(false)
			calls.Store(0)
			w := sendTo(servers[c.key], c)
			checkTenantAnswer(t, c, w, ran.Load())
			if c.key == "func" && calls.Load() != 1 {
				t.Errorf("TenantFunc called %d times, want 1", calls.Load())
			}
		})
	}
	t.Run("tenants change while serving", func(t *testing.T) {
		for _, key := range []string{"host", "path", "func"} {
			ts, srv := tenants[key], servers[key]
			acme, beta := "acme", "beta"
			c := tenantCase{key: key, target: "/t/acme/orders", kv: []string{"Origin", tenantOriginC, TenantHeader, "acme"}}
			if key == "host" {
				acme, beta = acmeHost, betaHost
			}
			step := func(what string, c tenantCase, want string) {
				t.Helper()
				c.name, c.want = key+": "+what, want
				ran.Store(false)
				checkTenantAnswer(t, c, sendTo(srv, c), ran.Load())
			}
			step("before the change", c, "")
			store(t, ts, acme, TenantOriginA, tenantOriginC)
			step("after the tenant's origins change", c, tenantOriginC)
			b := tenantCase{key: key, host: betaHost, target: "/t/beta/orders", kv: []string{"Origin", TenantOriginB, TenantHeader, "beta"}}
			step("the other tenant", b, TenantOriginB)
			ts.Delete(beta)
			step("the other tenant, deleted", b, "")
			store(t, ts, beta, TenantOriginB)
			step("the other tenant, stored again", b, TenantOriginB)
			store(t, ts, acme, TenantOriginA)
			step("after the origin is removed again", c, "")
		}
	})
}

// withDefaults is c with its method, target and host set.
func (c tenantCase) withDefaults() tenantCase {
	if c.method == "" {
		c.method = http.MethodGet
	}
	if c.target == "" {
		c.target = "/orders"
	}
	if c.host == "" {
		c.host = acmeHost
	}
	return c
}

// sendTo sends c's request to srv.
func sendTo(srv http.Handler, c tenantCase) *httptest.ResponseRecorder {
	c = c.withDefaults()
	r := httptest.NewRequest(c.method, c.target, nil)
	r.Host = c.host
	for i := 0; i+1 < len(c.kv); i += 2 {
		r.Header.Set(c.kv[i], c.kv[i+1])
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	return w
}

// checkTenantAnswer reports how w, the response to c's request, differs
// from what c wants; ran says whether the application ran.
func checkTenantAnswer(t *testing.T, c tenantCase, w *httptest.ResponseRecorder, ran bool) {
	t.Helper()
	c = c.withDefaults()
	h := w.Header()
	what := c.name + " (" + c.method + " " + c.target + ", Host " + c.host + ")"
	if got := h.Get("Access-Control-Allow-Origin"); got != c.want {
		t.Errorf("%s: Access-Control-Allow-Origin %q, want %q", what, got, c.want)
	}
	if c.want == "" && h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("%s: Access-Control-Allow-Credentials without a grant", what)
	}
	switch {
	case c.answered != 0:
		if w.Code != c.answered || ran {
			t.Errorf("%s: status %d, application ran %v; want %d from the middleware", what, w.Code, ran, c.answered)
		}
	case !ran && c.mayRedirect && w.Code/100 == 3:
	case !ran:
		t.Errorf("%s: the application did not run (status %d)", what, w.Code)
	case !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin"):
		t.Errorf("%s: Vary %q lacks Origin", what, h.Values("Vary"))
	}
}
