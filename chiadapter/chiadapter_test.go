package chiadapter_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestConformanceServeMux runs every corstest case through http.ServeMux.
func TestConformanceServeMux(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", app)
		return chiadapter.New(cfg)(mux)
	})
}

const origin = "https://app.example.com"

var cfg = core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}

func preflight(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	return corstest.Serve(h, http.MethodOptions, path, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
}

func ok(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }
}

// equal reports got != want, naming what was compared.
func equal[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

// panicValue is what f panics with; nil if it returns.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestServeMuxAnswersCarryTheHeaders(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", ok("items"))
	h := chiadapter.New(cfg)(mux)

	w := preflight(t, h, "/items")
	equal(t, "preflight status", w.Code, http.StatusNoContent)
	corstest.AssertGranted(t, w, origin)

	w = corstest.Serve(h, http.MethodGet, "/items", "Origin", origin)
	equal(t, "GET body", w.Body.String(), "items")
	corstest.AssertGranted(t, w, origin)

	w = corstest.Serve(h, http.MethodPost, "/items", "Origin", origin)
	equal(t, "POST status", w.Code, http.StatusMethodNotAllowed)
	corstest.AssertGranted(t, w, origin)

	w = corstest.Serve(h, http.MethodGet, "/nowhere", "Origin", "https://evil.com")
	equal(t, "status for an unknown path", w.Code, http.StatusNotFound)
	equal(t, "Access-Control-Allow-Origin for evil.com", w.Header().Get("Access-Control-Allow-Origin"), "")
	equal(t, "Vary for evil.com", w.Header().Get("Vary"), "Origin")
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	const want = `corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`
	v := panicValue(func() { chiadapter.New(core.Config{AllowedOrigins: []string{origin + "/"}}) })
	if err, ok := v.(error); !ok || err.Error() != want {
		t.Errorf("New with a trailing slash panicked with %#v, want the error %q", v, want)
	}
	if panicValue(func() { chiadapter.FromPolicy(nil) }) == nil {
		t.Error("FromPolicy(nil) did not panic")
	}
	if panicValue(func() { chiadapter.FromPolicy((*core.Policy)(nil)) }) == nil {
		t.Error("FromPolicy((*core.Policy)(nil)) did not panic")
	}
}

func TestLiveReload(t *testing.T) {
	corstest.RunLiveReload(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		return chiadapter.FromPolicy(src)(app)
	})
}
