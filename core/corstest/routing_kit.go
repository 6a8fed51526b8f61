package corstest

import (
	"net/http"
	"testing"
)

// protectedBodies are the bodies that the handlers of RoutedAreas' closed
// or foreign areas answer with, in an application that AssertNoProtectedGrant
// tests.
var protectedBodies = map[string]bool{"admin": true, "internal": true, "reports": true, "exports": true}

// RoutingAttacks are other cases, trailing slashes, repeated slashes,
// escapes and dot segments of the protected paths of [RoutedAreas].
func RoutingAttacks() []string {
	return []string{
		"/ADMIN/users", "/Admin/Users", "/admin/users/", "/ADMIN/users/", "/ADMIN/USERS//", "//admin/users",
		"/%61dmin/users", "/%41DMIN/users", "/blog/../admin/users", "/blog/..%2Fadmin/users",
		"/INTERNAL/secrets", "/internal/secrets/", "/internal/SECRETS/",
		"/reports/", "/REPORTS", "/Reports/", "/reports//", "/Reports//", "/exports", "/EXPORTS/",
	}
}

// AssertNoProtectedGrant checks an application built with a router's path
// options (case folding, trailing slashes, cleaning) behind the adapter
// under test, configured with [RoutedAreas]. The application answers GET
// "/admin/users" with the body "admin", "/internal/secrets" with
// "internal", "/reports" with "reports" and, if it has it, "/exports/" with
// "exports". Each of [RoutingAttacks] is sent from BlogOrigin, redirects
// followed as a browser follows them; whenever a protected handler
// answered, its answer must carry no grant. It returns the body each
// attack reached, so that a test can show the router led it there.
func AssertNoProtectedGrant(t testing.TB, h http.Handler) map[string]string {
	t.Helper()
	reached := map[string]string{}
	for _, p := range RoutingAttacks() {
		w := Serve(h, http.MethodGet, p, "Origin", BlogOrigin)
		for hop := 0; w.Code >= 300 && w.Code < 400 && hop < 3; hop++ {
			w = Serve(h, http.MethodGet, w.Header().Get("Location"), "Origin", BlogOrigin)
		}
		body := w.Body.String()
		reached[p] = body
		if !protectedBodies[body] {
			continue
		}
		for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"} {
			if v := w.Header().Get(name); v != "" {
				t.Errorf("%s reached the %s handler, whose answer to %s carries %s: %q", p, body, BlogOrigin, name, v)
			}
		}
	}
	return reached
}
