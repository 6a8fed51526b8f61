package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// TestConformance runs every corstest case through a gin.Engine whose
// routes send every method and path to the application: r.Any for the
// methods Gin knows, NoRoute for any other.
func TestConformance(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.New(cfg))
		r.Any("/*path", gin.WrapH(app))
		r.NoRoute(gin.WrapH(app))
		return r
	})
}

// TestConformanceNoRoute runs every case through an engine with no route at
// all, where Gin's 404 handling carries every request to the middleware.
func TestConformanceNoRoute(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.New(cfg))
		r.NoRoute(gin.WrapH(app))
		return r
	})
}

// TestGroupMounting runs the group kit through ginadapter.Group, under
// both settings of Gin's HandleMethodNotAllowed.
func TestGroupMounting(t *testing.T) {
	for _, handle405 := range []bool{false, true} {
		corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
			r := gin.New()
			r.HandleMethodNotAllowed = handle405
			app := func(c *gin.Context) { c.String(http.StatusOK, corstest.AppBody) }
			for _, g := range groups {
				api := ginadapter.Group(r, g.Prefix, ginadapter.New(g.Config))
				api.GET("/items", app)
				api.PUT("/items/:id", app)
			}
			r.GET("/outside", app)
			return r
		})
	}
}
