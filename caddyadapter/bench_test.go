package caddyadapter_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corsheaders/corsheaders/caddyadapter"
)

// BenchmarkCaddy measures a request through Caddy's server (its ServeHTTP,
// what its listener calls) with and without the cors handler in front of
// a small application: what the handler adds to Caddy's own cost.
func BenchmarkCaddy(b *testing.B) {
	app := serveApp(b, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	h := &caddyadapter.Handler{Settings: caddyadapter.Settings{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true}}
	requests := map[string]func() *http.Request{
		"GET": func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/items", nil)
			r.Header.Set("Origin", "https://app.example.com")
			return r
		},
		"preflight": func() *http.Request {
			r := httptest.NewRequest(http.MethodOptions, "/items", nil)
			r.Header.Set("Origin", "https://app.example.com")
			r.Header.Set("Access-Control-Request-Method", "PUT")
			return r
		},
	}
	for _, stack := range []string{"without cors", "with cors"} {
		for _, kind := range []string{"GET", "preflight"} {
			b.Run(stack+"/"+kind, func(b *testing.B) {
				if stack == "with cors" {
					load(b, caddyConfig(b, freePort(b), 0, corsJSON(b, h), app))
				} else {
					load(b, caddyConfig(b, freePort(b), 0, app))
				}
				srv := server(b)
				r := requests[kind]()
				b.ReportAllocs()
				for b.Loop() {
					w := httptest.NewRecorder()
					srv.ServeHTTP(w, r)
				}
			})
		}
	}
}
