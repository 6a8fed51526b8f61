package echov5adapter_test

import (
	"net/http"
	"testing"

	echo "github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

// TestReportOnly runs the report-only kit through an echo.Echo with the
// middleware registered by e.Use.
func TestReportOnly(t *testing.T) {
	corstest.RunReportOnly(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echov5adapter.FromPolicy(src))
		routeAll(e, app)
		return e
	})
}
