package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// TestReportOnly runs the report-only kit through a gin.Engine routing
// every method and path to the application.
func TestReportOnly(t *testing.T) {
	corstest.RunReportOnly(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.FromPolicy(src))
		r.Any("/*path", gin.WrapH(app))
		r.NoRoute(gin.WrapH(app))
		return r
	})
}
