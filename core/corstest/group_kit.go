package corstest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// A MountedGroup is one route group of the application [RunGroupMounting]
// builds: a group of the framework's router under Prefix, whose CORS
// middleware is built from Config.
type MountedGroup struct {
	Prefix string
	Config core.Config
}

// NewGroupApp builds the server under test for [RunGroupMounting]: an
// instance of the adapter's framework with no CORS middleware of its own,
// and for each group a route group under its Prefix, given the adapter's
// middleware for its Config the way the adapter documents for groups, with
// the routes GET Prefix+"/items" and PUT Prefix+"/items/" followed by one
// path parameter; outside the groups, the route GET "/outside". Every route
// answers 200 with the body [AppBody]. The test registers no OPTIONS route
// itself: routing a group's preflights to its middleware is the adapter's
// documented way's job.
type NewGroupApp func(t *testing.T, groups []MountedGroup) http.Handler

// The origins and groups of [RunGroupMounting]: each group trusts its own
// origin, under policies that answer a preflight differently.
const (
	groupOriginA = "https://a.example.com"
	groupOriginB = "https://b.example.com"
)

// RunGroupMounting checks CORS attached to route groups, two sibling groups
// with policies of their own and a path outside both:
//   - a preflight for a group's route, for an unknown path under the
//     group's prefix and for the prefix itself, from the group's origin, is
//     answered by the group's middleware under the group's policy (204, no
//     body, the group's methods and credentials), with no OPTIONS route
//     written by hand;
//   - the same preflight from the other group's origin is refused (403,
//     no Access-Control-Allow-* header): a group's policy applies to that
//     group only;
//   - actual requests to the group's routes reach them and are granted to
//     the group's origin only;
//   - a path outside both groups, one whose first segment merely begins
//     with a group's prefix included, gets no CORS header from either
//     policy, whether preflight or actual request.
//
// Each group is a subtest, with a server of its own.
func RunGroupMounting(t *testing.T, newApp NewGroupApp) {
	t.Helper()
	groups := []struct {
		MountedGroup
		origin      string
		credentials string
		methods     string
	}{
		{MountedGroup{"/a", core.Config{AllowedOrigins: []string{groupOriginA}, AllowCredentials: true}},
			groupOriginA, "true", "DELETE, GET, OPTIONS, PATCH, POST, PUT"},
		{MountedGroup{"/b", core.Config{AllowedOrigins: []string{groupOriginB}, AllowMethods: []string{"GET", "PUT"}}},
			groupOriginB, "", "GET, PUT"},
	}
	build := func(t *testing.T) http.Handler {
		t.Helper()
		srv := newApp(t, []MountedGroup{groups[0].MountedGroup, groups[1].MountedGroup})
		if srv == nil {
			t.Fatal("corstest: NewGroupApp returned nil")
		}
		return srv
	}
	preflight := func(h http.Handler, path, origin string) *httptest.ResponseRecorder {
		return Serve(h, http.MethodOptions, path, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
	}
	for i, g := range groups {
		other := groups[1-i]
		t.Run("group "+g.Prefix, func(t *testing.T) {
			h := build(t)
			for _, path := range []string{g.Prefix + "/items/1", g.Prefix + "/unknown/deeper", g.Prefix} {
				w := preflight(h, path, g.origin)
				expect(t, path+": preflight status", w.Code, http.StatusNoContent)
				expect(t, path+": preflight body", w.Body.String(), "")
				expect(t, path+": Access-Control-Allow-Origin", w.Header().Get("Access-Control-Allow-Origin"), g.origin)
				expect(t, path+": Access-Control-Allow-Credentials", w.Header().Get("Access-Control-Allow-Credentials"), g.credentials)
				expect(t, path+": Access-Control-Allow-Methods", w.Header().Get("Access-Control-Allow-Methods"), g.methods)

				w = preflight(h, path, other.origin)
				expect(t, path+": preflight from "+other.origin+": status", w.Code, http.StatusForbidden)
				assertNoGrant(t, w)
			}
			for _, req := range []struct{ method, path string }{
				{http.MethodGet, g.Prefix + "/items"},
				{http.MethodPut, g.Prefix + "/items/1"},
			} {
				what := req.method + " " + req.path
				w := Serve(h, req.method, req.path, "Origin", g.origin)
				expect(t, what+": status", w.Code, http.StatusOK)
				expect(t, what+": body", w.Body.String(), AppBody)
				expect(t, what+": Access-Control-Allow-Origin", w.Header().Get("Access-Control-Allow-Origin"), g.origin)
				expect(t, what+": Access-Control-Allow-Credentials", w.Header().Get("Access-Control-Allow-Credentials"), g.credentials)
				expect(t, what+": Vary", w.Header().Get("Vary"), "Origin")

				w = Serve(h, req.method, req.path, "Origin", other.origin)
				expect(t, what+" from "+other.origin+": body", w.Body.String(), AppBody)
				expect(t, what+" from "+other.origin+": Access-Control-Allow-Origin", w.Header().Get("Access-Control-Allow-Origin"), "")
			}
		})
	}
	t.Run("outside the groups", func(t *testing.T) {
		h := build(t)
		for _, g := range groups {
			for _, path := range []string{"/outside", "/elsewhere", "/", g.Prefix + "x", g.Prefix + "x/items/1"} {
				// The router answers (404, 405, or Echo's automatic OPTIONS
				// answer), without a grant.
				assertNoGrant(t, preflight(h, path, g.origin))
			}
			w := Serve(h, http.MethodGet, "/outside", "Origin", g.origin)
			expect(t, "GET /outside: body", w.Body.String(), AppBody)
			assertNoGrant(t, w)
		}
	})
}
