package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

// routeAll sends every method and path to app: e.Any for the methods Echo
// knows, RouteNotFound for any other.
func routeAll(e *echo.Echo, app http.Handler) {
	h := echo.WrapHandler(app)
	e.Any("/*", h)
	e.RouteNotFound("/*", h)
}

// TestConformance runs every corstest case through an echo.Echo with the
// middleware registered by e.Use, which runs after routing.
func TestConformance(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.New(cfg))
		routeAll(e, app)
		return e
	})
}

// TestConformancePre runs every case with the middleware registered by
// e.Pre, which runs before routing.
func TestConformancePre(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		e := echo.New()
		e.Pre(echoadapter.New(cfg))
		routeAll(e, app)
		return e
	})
}

// TestGroupMounting runs the group kit through Echo's groups with the
// middleware given to e.Group: the catch-all route Echo adds for a group's
// middleware routes the group's preflights to it.
func TestGroupMounting(t *testing.T) {
	corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
		e := echo.New()
		app := func(c echo.Context) error { return c.String(http.StatusOK, corstest.AppBody) }
		for _, g := range groups {
			api := e.Group(g.Prefix, echoadapter.New(g.Config))
			api.GET("/items", app)
			api.PUT("/items/:id", app)
		}
		e.GET("/outside", app)
		return e
	})
}
