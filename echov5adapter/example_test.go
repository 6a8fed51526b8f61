package echov5adapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

func ExampleNew() {
	e := echo.New()
	e.Use(middleware.Recover())
	// Before anything that may answer a request itself, so that every
	// response, errors and preflights included, carries the CORS headers.
	e.Use(echov5adapter.New(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	e.GET("/api/todos", func(c *echo.Context) error {
		return c.JSON(http.StatusOK, []string{"write the docs"})
	})
	e.GET("/api/secret", func(c *echo.Context) error {
		return echo.ErrUnauthorized
	})

	// The browser's preflight, for a PUT no route answers: the middleware does.
	req := httptest.NewRequest(http.MethodOptions, "/api/todos", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", http.MethodPut)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Header().Get("Access-Control-Allow-Methods"))

	// Actual requests, answered by a handler or by Echo's error handler.
	for _, path := range []string{"/api/todos", "/api/secret"} {
		req = httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Origin", "https://app.example.com")
		w = httptest.NewRecorder()
		e.ServeHTTP(w, req)
		fmt.Println(w.Code, w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get("Access-Control-Allow-Credentials"))
	}
	// Output:
	// 204 DELETE, GET, OPTIONS, PATCH, POST, PUT
	// 200 https://app.example.com true
	// 401 https://app.example.com true
}

func ExampleFromPolicy() {
	policy, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A Live lets the policy change while the server runs.
	live := core.NewLive(policy)
	e := echo.New()
	e.Use(echov5adapter.FromPolicy(live))
	e.GET("/api/todos", func(c *echo.Context) error { return c.String(http.StatusOK, "[]") })

	ask := func() string {
		req := httptest.NewRequest(http.MethodGet, "/api/todos", nil)
		req.Header.Set("Origin", "https://admin.example.com")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		return fmt.Sprintf("%q", w.Header().Get("Access-Control-Allow-Origin"))
	}
	fmt.Println("before:", ask())

	err = live.Reload(core.Config{AllowedOrigins: []string{"https://app.example.com", "https://admin.example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after:", ask())
	// Output:
	// before: ""
	// after: "https://admin.example.com"
}
