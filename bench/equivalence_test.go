package bench_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/bench"
)

// TestEquivalence checks that every implementation, configured as the
// benchmarks configure it, grants what each main scenario grants and refuses
// what it refuses, so that no figure compares a grant with a refusal. Where
// a peer skips work the standard asks for (Vary, header checks), the report
// says so; this test only pins the outcome a browser sees.
func TestEquivalence(t *testing.T) {
	for _, s := range bench.Scenarios {
		if !s.Main {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			for _, im := range bench.Impls {
				if im.Baseline || im.Group == bench.GroupCore {
					continue
				}
				t.Run(im.ID, func(t *testing.T) {
					req := s.Request()
					res := im.Build(s.Config).Probe(req)
					acao := res.Header.Get("Access-Control-Allow-Origin")
					if !s.Grant {
						assert.Empty(t, acao, "Access-Control-Allow-Origin")
						if s.Preflight {
							assert.False(t, res.AppCalled, "a preflight goes no further than the middleware")
						}
						return
					}
					want := req.Header.Get("Origin")
					if s.Config.AllowAllOrigins {
						want = "*"
					}
					require.Equal(t, want, acao, "Access-Control-Allow-Origin")
					if s.Config.AllowCredentials {
						assert.Equal(t, "true", res.Header.Get("Access-Control-Allow-Credentials"))
					} else {
						assert.Empty(t, res.Header.Get("Access-Control-Allow-Credentials"))
					}
					if s.Preflight {
						assert.GreaterOrEqual(t, res.Status, 200)
						assert.Less(t, res.Status, 300, "a granted preflight has a 2xx status")
						assert.False(t, res.AppCalled, "a preflight goes no further than the middleware")
						assert.Contains(t, res.Header.Get("Access-Control-Allow-Methods"), http.MethodPut)
						return
					}
					assert.True(t, res.AppCalled, "an allowed request reaches the application")
					assert.Contains(t, strings.ToLower(res.Header.Get("Access-Control-Expose-Headers")), "x-request-id")
				})
			}
		})
	}
}

// TestOursHaveNoShortcuts: our adapters answer every scenario, hostile ones
// included, as the scenario says: a preflight answered by the middleware,
// Vary: Origin on every response but a preflight's, hostile requests
// refused, no header value shared between responses.
func TestOursHaveNoShortcuts(t *testing.T) {
	for _, s := range bench.Scenarios {
		for _, im := range bench.Impls {
			if !im.Ours || im.ID == "core-decide" {
				continue
			}
			res := im.Build(s.Config).Probe(s.Request())
			assert.Equal(t, s.Grant, res.Granted(), "%s %s: granted", s.Name, im.ID)
			if s.Preflight {
				// No Vary on a preflight's answer: caches do not store
				// responses to OPTIONS (docs/behaviour.md).
				assert.Empty(t, res.Header["Vary"], "%s %s: Vary on a preflight's answer", s.Name, im.ID)
			} else {
				assert.True(t, res.Varies("Origin"), "%s %s: Vary: Origin", s.Name, im.ID)
			}
			if s.Preflight {
				assert.False(t, res.AppCalled, "%s %s: preflight reached the application", s.Name, im.ID)
			}
			assert.False(t, bench.SharesHeaderValues(s, im), "%s %s: header values shared between responses", s.Name, im.ID)
		}
	}
}

// TestWriterReuse: Reset empties the header map without replacing it.
func TestWriterReuse(t *testing.T) {
	w := bench.NewWriter()
	h := w.Header()
	h.Set("Vary", "Origin")
	w.WriteHeader(http.StatusTeapot)
	w.WriteHeader(http.StatusOK)
	assert.Equal(t, http.StatusTeapot, w.Status)
	w.Reset()
	assert.Empty(t, h)
	assert.Zero(t, w.Status)
	h.Set("X", "1")
	assert.Equal(t, "1", w.Header().Get("X"), "the same map")
}

// TestShortcuts pins what the report says of the peers for the basic
// scenarios, so that a peer upgrade that changes them is noticed.
func TestShortcuts(t *testing.T) {
	get := func(scenario, impl string) []string {
		s, ok := bench.ScenarioNamed(scenario)
		require.True(t, ok, scenario)
		im, ok := bench.ImplNamed(impl)
		require.True(t, ok, impl)
		return bench.Shortcuts(s, im)
	}
	// rs/cors and gin-contrib/cors put slices they keep into the response
	// (rs/cors #198): a handler's in-place write reaches later responses.
	shares := "shares header values between responses: one written in place reaches later responses"
	assert.Equal(t, []string{shares}, get("actual-allowed", "rs-cors"))
	assert.Equal(t, []string{shares}, get("preflight-allowed", "rs-cors"))
	assert.Equal(t, []string{shares}, get("actual-allowed", "gin-contrib"))
	assert.Contains(t, get("preflight-allowed", "gin-contrib"), shares)
	for _, peer := range []string{"go-chi-cors", "gorilla", "echo-cors", "echo-v5-cors", "fiber-cors"} {
		assert.NotContains(t, get("actual-allowed", peer), shares, peer)
		assert.NotContains(t, get("preflight-allowed", peer), shares, peer)
	}
	assert.Empty(t, get("actual-allowed", "chiadapter"))
	assert.Contains(t, get("actual-disallowed", "gorilla"), "no Vary: Origin")
	// A preflight's answer without Vary is no shortcut: caches do not
	// store responses to OPTIONS.
	assert.NotContains(t, get("preflight-disallowed", "gorilla"), "no Vary: Origin")
	assert.Contains(t, get("preflight-allowed", "gin-contrib"), "does not check Access-Control-Request-Headers")
	assert.Contains(t, get("preflight-allowed", "echo-cors"), "does not check Access-Control-Request-Headers")
	for _, peer := range []string{"echo-v5-cors", "fiber-cors"} {
		assert.Empty(t, get("actual-allowed", peer), peer)
		assert.Empty(t, get("actual-disallowed", peer), peer)
		assert.Empty(t, get("preflight-disallowed", peer), peer)
		assert.Contains(t, get("preflight-allowed", peer), "does not check Access-Control-Request-Headers", peer)
		assert.Contains(t, get("hostile-origin-lines", peer), "grants the request, which corsheaders refuses", peer)
	}
}
