package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

// Echo's router is case-sensitive and keeps the trailing slash; its
// RemoveTrailingSlash and AddTrailingSlash Pre middleware rewrite the path
// before routing. Registered with e.Use, the middleware reads the path as
// rewritten; registered with e.Pre before them, it reads it as sent, and
// the policy's own reading of the path with and without its trailing slash
// keeps the report and export areas to their rules. Either way no
// protected handler's answer to another origin carries a grant.
func TestEchoRoutingOptions(t *testing.T) {
	cors := echoadapter.New(corstest.RoutedAreas())
	for name, register := range map[string]func(*echo.Echo){
		"e.Use":                           func(e *echo.Echo) { e.Use(cors) },
		"e.Pre":                           func(e *echo.Echo) { e.Pre(cors) },
		"RemoveTrailingSlash, then e.Use": func(e *echo.Echo) { e.Pre(middleware.RemoveTrailingSlash()); e.Use(cors) },
		"e.Pre, then RemoveTrailingSlash": func(e *echo.Echo) { e.Pre(cors, middleware.RemoveTrailingSlash()) },
		"RemoveTrailingSlash, then e.Pre": func(e *echo.Echo) { e.Pre(middleware.RemoveTrailingSlash(), cors) },
		"AddTrailingSlash, then e.Use":    func(e *echo.Echo) { e.Pre(middleware.AddTrailingSlash()); e.Use(cors) },
		"e.Pre, then AddTrailingSlash":    func(e *echo.Echo) { e.Pre(cors, middleware.AddTrailingSlash()) },
		"e.Pre, then a redirecting remove": func(e *echo.Echo) {
			e.Pre(cors, middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
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
			reached := corstest.AssertRoutedAreas(t, e)
			switch name {
			case "e.Pre, then RemoveTrailingSlash":
				assert.Equal(t, "reports", reached["/reports/"], "the rewrite leads to the closed report")
			case "e.Pre, then AddTrailingSlash":
				assert.Equal(t, "exports", reached["/exports"], "the rewrite leads to the export area")
			}
		})
	}
}
