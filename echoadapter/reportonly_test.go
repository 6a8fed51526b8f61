package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

// TestReportOnly runs the report-only kit through an echo.Echo with the
// middleware registered by e.Use.
func TestReportOnly(t *testing.T) {
	corstest.RunReportOnly(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.FromPolicy(src))
		routeAll(e, app)
		return e
	})
}
