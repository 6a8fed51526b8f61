package echov5adapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

func TestCrossOriginProtection(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echov5adapter.FromPolicy(src), echov5adapter.CrossOriginProtection(cop))
		e.Any("/*", echo.WrapHandler(app))
		return e
	})
}
