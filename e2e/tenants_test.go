package e2e

import (
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestBrowserTenants: in the browser, for every adapter, one middleware
// serving two tenants by host (acme.api.test and beta.api.test, which
// Chromium maps to this machine) lets the page on tenant A's origin read
// A's API and not B's, and the other way round; a host no tenant has
// grants nothing; a change of a tenant's origins applies to the running
// server.
func TestBrowserTenants(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	at := pages.at
	pageA, originA := at("shop.acme.test")
	pageB, originB := at("www.beta.test")
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()

	// The pages are served over http: Chromium maps the .test hosts to
	// this machine, where the suite has no certificate for them.
	policy := func(origins ...string) *core.Policy {
		return core.MustPolicy(core.Config{AllowedOrigins: origins, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true})
	}
	for i, ad := range sourceAdapters {
		t.Run(ad.name, func(t *testing.T) {
			tenants := core.MustTenants(core.TenantByHost())
			var server http.Handler
			if ad.server != nil {
				server = ad.server(tenants, dynApp)
			}
			port := serveOn(t, server, func(ln net.Listener) func() { return ad.listen(tenants, dynApp, ln) })
			// The tenants are named by their host and the server's port,
			// which is not a default one.
			hostA, hostB := "acme.api.test:"+strconv.Itoa(port), "beta.api.test:"+strconv.Itoa(port)
			require.NoError(t, tenants.Store(hostA, policy(originA)))
			require.NoError(t, tenants.Store(hostB, policy(originB)))

			n := strconv.Itoa(i)
			type call struct {
				page, host, path, method string
				allowed                  bool
			}
			check := func(label string, calls ...call) {
				t.Helper()
				for _, cl := range calls {
					spec := fetchSpec{
						URL:    "http://" + cl.host + cl.path,
						Method: cl.method, Headers: [][2]string{}, Times: 1, Cache: "no-store", Credentials: "include",
					}
					if cl.method == http.MethodPut {
						// Preflighted: the preflight is the tenant's too.
						spec.Headers = [][2]string{{"Content-Type", "application/json"}}
						spec.Body = "{}"
					}
					res, err := tb.fetch(cl.page, spec, 20*time.Second)
					require.NoError(t, err, label)
					require.Len(t, res, 1, label)
					got := res[0].Error == "" && res[0].Body == corstest.AppBody
					assert.Equal(t, cl.allowed, got, "%s: %s http://%s%s from %s: the browser said %+v", label, cl.method, cl.host, cl.path, cl.page, res[0])
				}
			}
			check("two tenants",
				call{pageA, hostA, "/orders/" + n, http.MethodGet, true},
				call{pageA, hostA, "/orders/" + n, http.MethodPut, true},
				call{pageA, hostB, "/orders/" + n, http.MethodGet, false},
				call{pageA, hostB, "/orders/" + n, http.MethodPut, false},
				call{pageB, hostB, "/orders/" + n + "/b", http.MethodGet, true},
				call{pageB, hostB, "/orders/" + n + "/b", http.MethodPut, true},
				call{pageB, hostA, "/orders/" + n + "/b", http.MethodGet, false},
				call{pageB, hostA, "/orders/" + n + "/b", http.MethodPut, false},
				// A host no tenant has: nothing granted.
				call{pageA, "gamma.api.test:" + strconv.Itoa(port), "/orders/" + n, http.MethodGet, false},
			)
			// Fresh paths, so that no preflight the browser cached answers.
			require.NoError(t, tenants.Store(hostB, policy(originB, originA)))
			check("tenant B now allows A's origin",
				call{pageA, hostB, "/changed/" + n, http.MethodGet, true},
				call{pageA, hostB, "/changed/" + n, http.MethodPut, true},
			)
			tenants.Delete(hostB)
			check("tenant B deleted",
				call{pageB, hostB, "/deleted/" + n, http.MethodGet, false},
				call{pageA, hostA, "/deleted/" + n, http.MethodGet, true},
			)
		})
	}
}
