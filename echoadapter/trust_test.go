package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
)

func TestCrossOriginProtection(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.FromPolicy(src), echoadapter.CrossOriginProtection(cop))
		e.Any("/*", echo.WrapHandler(app))
		return e
	})
}
