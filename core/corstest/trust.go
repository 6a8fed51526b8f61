package corstest

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// NewProtectedServer builds the server under test for
// RunCrossOriginProtection: the adapter's CORS middleware for src, then its
// CrossOriginProtection middleware for cop, in front of app, which answers
// every method on every path.
type NewProtectedServer func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler

// RunCrossOriginProtection checks an adapter's CrossOriginProtection
// middleware: a cross-site write from an origin the policy trusts (by an
// exact entry, a pattern, a regex or a hook) reaches the application and is
// granted CORS access; one from an unlisted origin is refused with 403, the
// application never runs; safe methods and same-origin writes pass; a
// deny handler answers refusals; a reload of a [core.Live] applies.
func RunCrossOriginProtection(t *testing.T, newServer NewProtectedServer) {
	const (
		exact    = "https://app.example.com"
		pattern  = "https://t1.tenant.example.com"
		regex    = "https://pr1.preview.example.net"
		partner  = "https://partner.example.org"
		unlisted = "https://evil.test"
	)
	cfg := core.Config{
		AllowedOrigins:       []string{exact, "https://*.tenant.example.com"},
		AllowedOriginRegexes: []string{`https://pr[0-9]+\.preview\.example\.net`},
		AllowCredentials:     true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			return r.Header.Get("Origin") == partner && r.Header.Get("X-Partner-Key") == "k"
		}},
	}
	live := core.NewLive(core.MustPolicy(cfg))
	cop := core.NewCrossOriginProtection(live)
	ran := 0
	app := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		ran++
		_, _ = w.Write([]byte("done"))
	})
	srv := newServer(t, live, cop, app)

	for _, tc := range []struct {
		name   string
		kv     []string
		method string
		want   int
	}{
		{"trusted exact origin", []string{"Origin", exact, "Sec-Fetch-Site", "same-site"}, http.MethodPost, http.StatusOK},
		{"trusted subdomain pattern", []string{"Origin", pattern, "Sec-Fetch-Site", "cross-site"}, http.MethodDelete, http.StatusOK},
		{"trusted regex", []string{"Origin", regex, "Sec-Fetch-Site", "cross-site"}, http.MethodPut, http.StatusOK},
		{"trusted by a hook", []string{"Origin", partner, "Sec-Fetch-Site", "cross-site", "X-Partner-Key", "k"}, http.MethodPatch, http.StatusOK},
		{"hook refuses", []string{"Origin", partner, "Sec-Fetch-Site", "cross-site"}, http.MethodPost, http.StatusForbidden},
		{"unlisted origin", []string{"Origin", unlisted, "Sec-Fetch-Site", "cross-site"}, http.MethodPost, http.StatusForbidden},
		{"unlisted origin, old browser", []string{"Origin", unlisted}, http.MethodPost, http.StatusForbidden},
		{"unlisted origin, safe method", []string{"Origin", unlisted, "Sec-Fetch-Site", "cross-site"}, http.MethodGet, http.StatusOK},
		{"same origin", []string{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"}, http.MethodPost, http.StatusOK},
		{"not a browser", nil, http.MethodPost, http.StatusOK},
	} {
		before := ran
		w := Serve(srv, tc.method, "/transfer", tc.kv...)
		if w.Code != tc.want {
			t.Errorf("%s: %s answered %d, want %d (%q)", tc.name, tc.method, w.Code, tc.want, w.Body.String())
		}
		if appRan := ran > before; appRan != (tc.want == http.StatusOK) {
			t.Errorf("%s: the application ran = %v", tc.name, appRan)
		}
		if tc.want == http.StatusOK && len(tc.kv) > 1 && tc.kv[0] == "Origin" && tc.kv[1] != unlisted && tc.kv[1] != "http://example.com" {
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tc.kv[1] {
				t.Errorf("%s: Access-Control-Allow-Origin %q, want %q: CORS and CSRF must agree", tc.name, got, tc.kv[1])
			}
		}
	}

	// A preflight is answered by the CORS middleware, never refused by
	// the protection.
	if w := Serve(srv, http.MethodOptions, "/transfer", "Origin", exact, "Access-Control-Request-Method", http.MethodDelete, "Sec-Fetch-Site", "cross-site"); w.Code != http.StatusNoContent {
		t.Errorf("preflight: %d, want 204", w.Code)
	}

	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	if w := Serve(srv, http.MethodPost, "/transfer", "Origin", unlisted, "Sec-Fetch-Site", "cross-site"); w.Code != http.StatusTeapot {
		t.Errorf("with a deny handler: %d, want %d", w.Code, http.StatusTeapot)
	}
	cop.SetDenyHandler(nil)

	cfg.AllowedOrigins = append(cfg.AllowedOrigins, unlisted)
	if err := live.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if w := Serve(srv, http.MethodPost, "/transfer", "Origin", unlisted, "Sec-Fetch-Site", "cross-site"); w.Code != http.StatusOK {
		t.Errorf("after a reload that lists it: %d, want 200", w.Code)
	}
}
