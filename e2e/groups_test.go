package e2e

import (
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// A routeGroup is one group of groupAdapters' applications: the routes GET
// prefix/items and PUT prefix/items/{id}, behind CORS for cfg.
type routeGroup struct {
	prefix string
	cfg    core.Config
}

// groupAdapters build an application whose CORS is attached to route
// groups, the way each adapter's documentation says, with the route GET
// /outside beside them, and no OPTIONS route.
var groupAdapters = []struct {
	name   string
	server func(groups []routeGroup, app http.Handler) http.Handler
	listen func(groups []routeGroup, app http.Handler, ln net.Listener) (stop func())
}{
	{"gin", func(groups []routeGroup, app http.Handler) http.Handler {
		r := gin.New()
		for _, g := range groups {
			api := ginadapter.Group(r, g.prefix, ginadapter.New(g.cfg))
			api.GET("/items", gin.WrapH(app))
			api.PUT("/items/:id", gin.WrapH(app))
		}
		r.GET("/outside", gin.WrapH(app))
		return r
	}, nil},
	{"echo", func(groups []routeGroup, app http.Handler) http.Handler {
		e := echo.New()
		for _, g := range groups {
			api := e.Group(g.prefix, echoadapter.New(g.cfg))
			api.GET("/items", echo.WrapHandler(app))
			api.PUT("/items/:id", echo.WrapHandler(app))
		}
		e.GET("/outside", echo.WrapHandler(app))
		return e
	}, nil},
	{"chi", func(groups []routeGroup, app http.Handler) http.Handler {
		r := chi.NewRouter()
		for _, g := range groups {
			r.Route(g.prefix, func(api chi.Router) {
				api.Use(chiadapter.New(g.cfg))
				api.Method(http.MethodGet, "/items", app)
				api.Method(http.MethodPut, "/items/{id}", app)
			})
		}
		r.Method(http.MethodGet, "/outside", app)
		return r
	}, nil},
	{"echo v5", func(groups []routeGroup, app http.Handler) http.Handler {
		e := echov5.New()
		for _, g := range groups {
			api := e.Group(g.prefix, echov5adapter.New(g.cfg))
			api.GET("/items", echov5.WrapHandler(app))
			api.PUT("/items/:id", echov5.WrapHandler(app))
		}
		e.GET("/outside", echov5.WrapHandler(app))
		return e
	}, nil},
	{"fiber", nil, func(groups []routeGroup, app http.Handler, ln net.Listener) func() {
		f := fiber.New()
		for _, g := range groups {
			api := f.Group(g.prefix, fiberadapter.New(g.cfg))
			api.Get("/items", adaptor.HTTPHandler(app))
			api.Put("/items/:id", adaptor.HTTPHandler(app))
		}
		f.Get("/outside", adaptor.HTTPHandler(app))
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = f.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
		}()
		return func() {
			_ = f.ShutdownWithTimeout(5 * time.Second)
			_ = ln.Close()
			<-done
		}
	}},
}

// TestBrowserGroups: in the browser, for every adapter, CORS attached to
// two route groups gives each group's page its own group, preflighted
// requests included, and nothing outside.
func TestBrowserGroups(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	at := pages.at
	spaPage, spa := at("app.example.test")
	adminPage, admin := at("admin.example.test")
	groups := []routeGroup{
		// The pages are served over http: Chromium maps the .test hosts
		// to this machine, where the suite has no certificate for them.
		{"/app", core.Config{AllowedOrigins: []string{spa}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}},
		{"/admin", core.Config{AllowedOrigins: []string{admin}, AllowMethods: []string{http.MethodGet, http.MethodPut}}},
	}
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()

	for i, ad := range groupAdapters {
		t.Run(ad.name, func(t *testing.T) {
			var server http.Handler
			if ad.server != nil {
				server = ad.server(groups, dynApp)
			}
			port := serveOn(t, server, func(ln net.Listener) func() { return ad.listen(groups, dynApp, ln) })
			n := strconv.Itoa(i)
			for _, call := range []browserCall{
				{page: spaPage, path: "/app/items?" + n, method: http.MethodGet, credentials: true, allowed: true},
				{page: spaPage, path: "/app/items/" + n, method: http.MethodPut, credentials: true, allowed: true},
				{page: spaPage, path: "/admin/items/" + n, method: http.MethodPut, allowed: false},
				{page: spaPage, path: "/admin/items?" + n, method: http.MethodGet, allowed: false},
				{page: adminPage, path: "/admin/items/" + n, method: http.MethodPut, allowed: true},
				{page: adminPage, path: "/admin/items?" + n, method: http.MethodGet, allowed: true},
				{page: adminPage, path: "/app/items/" + n + "a", method: http.MethodPut, allowed: false},
				{page: spaPage, path: "/outside?" + n, method: http.MethodGet, allowed: false},
				{page: adminPage, path: "/outside?" + n + "a", method: http.MethodGet, allowed: false},
			} {
				call.check(t, tb, port, ad.name)
			}
		})
	}
}
