package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestConformance runs every corstest case through a fiber.App with the
// middleware registered by app.Use in front of routes for every method and
// path.
func TestConformance(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.New(cfg))
		f.All("/*", adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// TestConformanceWithoutRoutes runs every case with no route at all: the
// application is a last app.Use handler, where Fiber users put their
// not-found answer.
func TestConformanceWithoutRoutes(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.New(cfg))
		f.Use(adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// TestLiveReload: FromPolicy reads the policy through its Source on every
// request.
func TestLiveReload(t *testing.T) {
	corstest.RunLiveReload(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.FromPolicy(src))
		f.Get("/items", adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// TestGroupMounting runs the group kit through Fiber's groups with the
// middleware given to app.Group: a group's middleware is an app.Use under
// the group's prefix, which runs for every method and path there.
func TestGroupMounting(t *testing.T) {
	corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
		f := newApp()
		app := func(c fiber.Ctx) error { return c.SendString(corstest.AppBody) }
		for _, g := range groups {
			api := f.Group(g.Prefix, fiberadapter.New(g.Config))
			api.Get("/items", app)
			api.Put("/items/:id", app)
		}
		f.Get("/outside", app)
		return fiberServer{t, f}
	})
}
