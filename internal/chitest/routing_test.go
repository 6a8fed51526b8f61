package chitest_test

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

const (
	blogOrigin  = corstest.BlogOrigin
	adminOrigin = corstest.AdminOrigin
)

// chi routes case-sensitively and keeps the trailing slash; StripSlashes
// and CleanPath make it route "/reports/" as "/reports" (they rewrite chi's
// routing path, which the middleware never sees, in whichever order they
// are registered), and RedirectSlashes redirects. The policy reads every
// path with and without its trailing slash, so no protected handler's
// answer to another origin carries a grant, whatever the order.
func TestChiRoutingOptions(t *testing.T) {
	cors := chiadapter.New(corstest.RoutedAreas())
	for name, uses := range map[string][]func(http.Handler) http.Handler{
		"default":                  {cors},
		"StripSlashes, then CORS":  {middleware.StripSlashes, cors},
		"CORS, then StripSlashes":  {cors, middleware.StripSlashes},
		"CleanPath, then CORS":     {middleware.CleanPath, cors},
		"CORS, then CleanPath":     {cors, middleware.CleanPath},
		"CORS, then RedirectSlash": {cors, middleware.RedirectSlashes},
		"every option":             {middleware.CleanPath, cors, middleware.StripSlashes},
	} {
		t.Run(name, func(t *testing.T) {
			r := chi.NewRouter()
			r.Use(uses...)
			r.Get("/admin/users", ok("admin"))
			r.Get("/internal/secrets", ok("internal"))
			r.Get("/reports", ok("reports"))
			r.Get("/exports/", ok("exports"))
			r.Get("/blog/*", ok("blog"))
			reached := corstest.AssertRoutedAreas(t, r)
			if name == "CORS, then StripSlashes" {
				assert.Equal(t, "reports", reached["/reports/"], "StripSlashes leads to the closed report")
			}
			// The policy cannot see whether chi strips the slash, so
			// `^/exports/` decides "/exports/" under no option (its form
			// without the slash falls under another rule).
			if w := corstest.Serve(r, http.MethodGet, "/exports/", "Origin", adminOrigin); w.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("/exports/ granted: %v", w.Header())
			}
		})
	}
}

// URLsRegex `^/api/` leaves "/api" outside the enabled area. With
// StripSlashes, in either order, chi serves "/api/" with the "/api" route:
// its answer must carry no grant. A Paths rule `^/feed/` over a closed
// base likewise must not lend its grant to the "/feed" route.
func TestChiStripSlashesBoundary(t *testing.T) {
	apiOnly := core.Config{AllowedOrigins: []string{blogOrigin}, AllowCredentials: true, URLsRegex: `^/api/`}
	feed := core.Config{Paths: []core.PathRule{{Regex: `^/feed/`, Config: core.Config{AllowedOrigins: []string{blogOrigin}, AllowCredentials: true}}}}
	for name, cfg := range map[string]core.Config{"URLsRegex": apiOnly, "Paths": feed} {
		for _, stripFirst := range []bool{true, false} {
			cors := chiadapter.New(cfg)
			r := chi.NewRouter()
			if stripFirst {
				r.Use(middleware.StripSlashes, cors)
			} else {
				r.Use(cors, middleware.StripSlashes)
			}
			r.Get("/api", ok("outside"))
			r.Get("/feed", ok("outside"))
			r.Get("/api/users", ok("inside"))
			r.Get("/feed/items", ok("inside"))
			for _, p := range []string{"/api/", "/api", "/feed/", "/feed", "/api/users/", "/feed/items/"} {
				w := corstest.Serve(r, http.MethodGet, p, "Origin", blogOrigin)
				if w.Body.String() == "outside" && w.Header().Get("Access-Control-Allow-Origin") != "" {
					t.Errorf("%s, StripSlashes first %v: %s served by the route outside the area with a grant: %v", name, stripFirst, p, w.Header())
				}
			}
			inside := map[string]string{"URLsRegex": "/api/users/", "Paths": "/feed/items/"}[name]
			corstest.AssertGranted(t, corstest.Serve(r, http.MethodGet, inside, "Origin", blogOrigin), blogOrigin)
		}
	}
}
