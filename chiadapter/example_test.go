package chiadapter_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func ExampleNew() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/hello", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "hello")
	})
	// With chi: r.Use(chiadapter.New(cfg)), before the routes.
	h := chiadapter.New(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	})(mux)

	req := httptest.NewRequest(http.MethodGet, "/api/hello", nil)
	req.Header.Set("Origin", "https://app.example.com")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Header().Get("Access-Control-Allow-Origin"))
	fmt.Println(w.Header().Get("Access-Control-Allow-Credentials"))
	fmt.Println(w.Header().Get("Vary"))
	// Output:
	// https://app.example.com
	// true
	// Origin
}

// A preflight is answered by the middleware; the application needs no
// OPTIONS route.
func ExampleNew_preflight() {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /api/items/{id}", func(http.ResponseWriter, *http.Request) {})
	h := chiadapter.New(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowHeaders:   []string{"content-type", "x-api-key"},
	})(mux)

	req := httptest.NewRequest(http.MethodOptions, "/api/items/7", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-api-key")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code)
	fmt.Println(w.Header().Get("Access-Control-Allow-Methods"))
	fmt.Println(w.Header().Get("Access-Control-Allow-Headers"))
	fmt.Println(w.Header().Get("Access-Control-Max-Age"))
	// Output:
	// 204
	// DELETE, GET, OPTIONS, PATCH, POST, PUT
	// content-type, x-api-key
	// 86400
}

// FromPolicy takes a policy built beforehand, for callers who want the
// configuration errors as a value rather than a panic.
func ExampleFromPolicy() {
	_, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"app.example.com"}})
	var ce *core.ConfigError
	if errors.As(err, &ce) {
		fmt.Println(ce.Field, ce.Problem)
	}

	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	if err != nil {
		panic(err)
	}
	mw := chiadapter.FromPolicy(p)
	_ = mw // r.Use(mw)
	// Output:
	// AllowedOrigins no scheme
}

// With a core.Live, the allowed origins change while the server runs.
func ExampleFromPolicy_live() {
	live := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example.com"}}))
	h := chiadapter.FromPolicy(live)(http.NotFoundHandler())

	ask := func() string {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Origin", "https://b.example.com")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return fmt.Sprintf("%q", w.Header().Get("Access-Control-Allow-Origin"))
	}
	fmt.Println(ask())
	if err := live.Reload(core.Config{AllowedOrigins: []string{"https://a.example.com", "https://b.example.com"}}); err != nil {
		panic(err)
	}
	fmt.Println(ask())
	// Output:
	// ""
	// "https://b.example.com"
}
