package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// TestGuard runs the guard's cases through a gin.Engine routing every
// method and path to the application.
func TestGuard(t *testing.T) {
	corstest.RunGuard(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.New(cfg))
		r.Any("/*path", gin.WrapH(app))
		r.NoRoute(gin.WrapH(app))
		return r
	})
}
