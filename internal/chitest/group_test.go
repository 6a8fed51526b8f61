package chitest_test

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestGroupMounting runs the group kit through chi's sub-routers: r.Route
// and r.Mount register the sub-router under its prefix for every method,
// and the sub-router runs its own middleware before routing, so the
// middleware it is given with r.Use sees every request under the prefix,
// preflights included, with no OPTIONS route.
func TestGroupMounting(t *testing.T) {
	app := func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(corstest.AppBody)) }
	t.Run("Route", func(t *testing.T) {
		corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
			r := chi.NewRouter()
			for _, g := range groups {
				r.Route(g.Prefix, func(api chi.Router) {
					api.Use(chiadapter.New(g.Config))
					api.Get("/items", app)
					api.Put("/items/{id}", app)
				})
			}
			r.Get("/outside", app)
			return r
		})
	})
	t.Run("Mount", func(t *testing.T) {
		corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
			r := chi.NewRouter()
			for _, g := range groups {
				api := chi.NewRouter()
				api.Use(chiadapter.New(g.Config))
				api.Get("/items", app)
				api.Put("/items/{id}", app)
				r.Mount(g.Prefix, api)
			}
			r.Get("/outside", app)
			return r
		})
	})
}
