package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3/middleware/adaptor"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestReportOnly runs the report-only kit through a fiber.App with the
// middleware registered by app.Use in front of routes for every method and
// path: the request view is fasthttp's, its path decoded by HandleRequest.
func TestReportOnly(t *testing.T) {
	corstest.RunReportOnly(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.FromPolicy(src))
		f.All("/*", adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}
