package chiadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// http.ServeMux routes case-sensitively, keeps the trailing slash and
// redirects paths it would clean, and "/exports" to "/exports/": no
// protected handler's answer to another origin carries a grant, and the
// paths every router reads alike keep theirs. (chi's StripSlashes and CleanPath are
// tested in internal/chitest, so that chiadapter requires core alone.)
func TestServeMuxRouting(t *testing.T) {
	const admin = corstest.AdminOrigin
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/users", ok("admin"))
	mux.HandleFunc("GET /internal/secrets", ok("internal"))
	mux.HandleFunc("GET /reports", ok("reports"))
	mux.HandleFunc("GET /exports/", ok("exports"))
	mux.HandleFunc("GET /blog/", ok("blog"))
	h := chiadapter.New(corstest.RoutedAreas())(mux)
	corstest.AssertRoutedAreas(t, h)
	corstest.AssertGranted(t, corstest.Serve(h, http.MethodGet, "/exports/2026.csv", "Origin", admin), admin)
	// "/exports/" is read without its slash too, which `^/exports/` does
	// not match (another router may serve it as "/exports"): no CORS. A
	// rule for both forms keeps it.
	if w := corstest.Serve(h, http.MethodGet, "/exports/", "Origin", admin); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("/exports/ under `^/exports/`: granted %v", w.Header())
	}
	both := chiadapter.New(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
		Paths:            []core.PathRule{{Regex: `^/exports(/|$)`, Config: core.Config{AllowedOrigins: []string{admin}, AllowCredentials: true}}},
	})(mux)
	corstest.AssertGranted(t, corstest.Serve(both, http.MethodGet, "/exports/", "Origin", admin), admin)
}
