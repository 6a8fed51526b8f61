package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

// TestGuard runs the guard's cases through an echo.Echo with the
// middleware registered by e.Pre, before routing, as docs/local-servers.md
// advises: it then guards every path, routed or not.
func TestGuard(t *testing.T) {
	corstest.RunGuard(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		e := echo.New()
		e.Pre(echoadapter.New(cfg))
		routeAll(e, app)
		return e
	})
}

// TestGuardUse runs them with the middleware registered by e.Use, after
// routing.
func TestGuardUse(t *testing.T) {
	corstest.RunGuard(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.New(cfg))
		routeAll(e, app)
		return e
	})
}
