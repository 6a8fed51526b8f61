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
