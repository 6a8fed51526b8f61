package corstest

import (
	"net/http"
	"testing"
)

// AssertRoutedAreas checks an application built with a router's path
// options behind the adapter under test, configured with [RoutedAreas],
// whose handlers answer as [AssertNoProtectedGrant] says: no attack of
// [RoutingAttacks] that reaches a protected handler is granted
// ([AssertNoProtectedGrant]), and the paths every router reads alike keep
// their grants, whichever handler answers them: "/admin/users" for
// AdminOrigin, "/blog/Posts/x" for BlogOrigin. It returns the body each
// attack reached, so that a test can show where its router led it.
func AssertRoutedAreas(t testing.TB, h http.Handler) map[string]string {
	t.Helper()
	reached := AssertNoProtectedGrant(t, h)
	for _, c := range []struct{ path, origin string }{
		{"/admin/users", adminOrigin},
		{"/blog/Posts/x", blogOrigin},
	} {
		AssertGranted(t, Serve(h, http.MethodGet, c.path, "Origin", c.origin), c.origin)
	}
	return reached
}
