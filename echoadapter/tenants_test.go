package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

// TestTenants: an Echo instance with the middleware built from a
// *core.Tenants, registered by e.Use and by e.Pre, decides each request
// with its tenant's policy.
func TestTenants(t *testing.T) {
	for _, pre := range []bool{false, true} {
		corstest.RunTenants(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
			e := echo.New()
			if pre {
				e.Pre(echoadapter.FromPolicy(src))
			} else {
				e.Use(echoadapter.FromPolicy(src))
			}
			routeAll(e, app)
			return e
		})
	}
}
