package echov5adapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

const (
	blogOrigin  = "https://blog.example.com"
	adminOrigin = "https://admin.example.com"
)

// routedAreas: an admin area for one origin, a closed internal area, a
// closed report and an export area for the admin origin, over a base that
// trusts every site under example.com with credentials.
var routedAreas = core.Config{
	AllowedOrigins:   []string{"https://*.example.com"},
	AllowCredentials: true,
	Paths: []core.PathRule{
		{Prefix: "/admin", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
		{Prefix: "/internal", Config: core.Config{}},
		{Regex: `^/reports$`, Config: core.Config{}},
		{Regex: `^/exports/`, Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
	},
}

// routingAttacks are other cases, trailing slashes and spellings of the
// protected paths.
var routingAttacks = []string{
	"/ADMIN/users", "/Admin/Users", "/admin/users/", "/ADMIN/users/", "//admin/users", "/%61dmin/users",
	"/blog/../admin/users", "/blog/..%2Fadmin/users", "/INTERNAL/secrets", "/internal/secrets/",
	"/reports/", "/REPORTS", "/Reports/", "/reports//", "/exports", "/EXPORTS/",
}

// assertNoProtectedGrant sends each attack from the blog, following
// redirects as a browser does, and checks that no answer of a protected
// handler carries a grant. It returns the handler each attack reached.
func assertNoProtectedGrant(t *testing.T, h http.Handler) map[string]string {
	t.Helper()
	reached := map[string]string{}
	for _, p := range routingAttacks {
		w := corstest.Serve(h, http.MethodGet, p, "Origin", blogOrigin)
		for hop := 0; w.Code >= 300 && w.Code < 400 && hop < 3; hop++ {
			w = corstest.Serve(h, http.MethodGet, w.Header().Get("Location"), "Origin", blogOrigin)
		}
		reached[p] = w.Body.String()
		switch w.Body.String() {
		case "admin", "internal", "reports", "exports":
			assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "%s: the %s handler's answer", p, w.Body)
			assert.Empty(t, w.Header().Get("Access-Control-Allow-Credentials"), "%s: the %s handler's answer", p, w.Body)
		}
	}
	return reached
}

// Echo's router is case-sensitive and keeps the trailing slash; its
// RemoveTrailingSlash and AddTrailingSlash Pre middleware rewrite the path
// before routing. Registered with e.Use, the middleware reads the path as
// rewritten; registered with e.Pre before them, it reads it as sent, and
// the policy's own reading of the path with and without its trailing slash
// keeps the report and export areas to their rules. Either way no
// protected handler's answer to another origin carries a grant.
func TestEchoRoutingOptions(t *testing.T) {
	cors := echov5adapter.New(routedAreas)
	for name, register := range map[string]func(*echo.Echo){
		"e.Use":                           func(e *echo.Echo) { e.Use(cors) },
		"e.Pre":                           func(e *echo.Echo) { e.Pre(cors) },
		"RemoveTrailingSlash, then e.Use": func(e *echo.Echo) { e.Pre(middleware.RemoveTrailingSlash()); e.Use(cors) },
		"e.Pre, then RemoveTrailingSlash": func(e *echo.Echo) { e.Pre(cors, middleware.RemoveTrailingSlash()) },
		"RemoveTrailingSlash, then e.Pre": func(e *echo.Echo) { e.Pre(middleware.RemoveTrailingSlash(), cors) },
		"AddTrailingSlash, then e.Use":    func(e *echo.Echo) { e.Pre(middleware.AddTrailingSlash()); e.Use(cors) },
		"e.Pre, then AddTrailingSlash":    func(e *echo.Echo) { e.Pre(cors, middleware.AddTrailingSlash()) },
		"e.Pre, then a redirecting remove": func(e *echo.Echo) {
			e.Pre(cors, middleware.RemoveTrailingSlashWithConfig(middleware.RemoveTrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := echo.New()
			register(e)
			e.GET("/admin/users", text("admin"))
			e.GET("/internal/secrets", text("internal"))
			e.GET("/reports", text("reports"))
			e.GET("/exports/", text("exports"))
			e.GET("/blog/*", text("blog"))
			reached := assertNoProtectedGrant(t, e)
			switch name {
			case "e.Pre, then RemoveTrailingSlash":
				assert.Equal(t, "reports", reached["/reports/"], "the rewrite leads to the closed report")
			case "e.Pre, then AddTrailingSlash":
				assert.Equal(t, "exports", reached["/exports"], "the rewrite leads to the export area")
			}
			corstest.AssertGranted(t, corstest.Serve(e, http.MethodGet, "/admin/users", "Origin", adminOrigin), adminOrigin)
			corstest.AssertGranted(t, corstest.Serve(e, http.MethodGet, "/blog/Posts/x", "Origin", blogOrigin), blogOrigin)
		})
	}
}
