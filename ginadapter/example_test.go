package ginadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/ginadapter"
)

func ExampleNew() {
	r := gin.New()
	r.Use(gin.Recovery())
	// Before the routes and before anything that may answer a request
	// itself, so that every response, errors and preflights included,
	// carries the CORS headers.
	r.Use(ginadapter.New(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	r.GET("/api/todos", func(c *gin.Context) {
		c.JSON(http.StatusOK, []string{"write the docs"})
	})

	// The browser's preflight, for a PUT no route answers: the middleware does.
	req := httptest.NewRequest(http.MethodOptions, "/api/todos", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", http.MethodPut)
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Header().Get("Access-Control-Allow-Methods"))

	// The actual request.
	req = httptest.NewRequest(http.MethodGet, "/api/todos", nil)
	req.Header.Set("Origin", "https://app.example.com")
	w = httptest.NewRecorder()
	r.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get("Access-Control-Allow-Credentials"))
	// Output:
	// 204 DELETE, GET, OPTIONS, PATCH, POST, PUT
	// 200 https://app.example.com true
}

func ExampleFromPolicy() {
	policy, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A Live lets the policy change while the server runs.
	live := core.NewLive(policy)
	r := gin.New()
	r.Use(ginadapter.FromPolicy(live))
	r.GET("/api/todos", func(c *gin.Context) { c.String(http.StatusOK, "[]") })

	ask := func() string {
		req := httptest.NewRequest(http.MethodGet, "/api/todos", nil)
		req.Header.Set("Origin", "https://admin.example.com")
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
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

func ExampleGroup() {
	r := gin.New()
	// Each group has a policy of its own, which its preflights reach
	// without an OPTIONS route.
	api := ginadapter.Group(r, "/api", ginadapter.New(core.Config{AllowedOrigins: []string{"https://app.example.com"}}))
	api.PUT("/todos/:id", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	admin := ginadapter.Group(r, "/admin", ginadapter.New(core.Config{AllowedOrigins: []string{"https://admin.example.com"}}))
	admin.PUT("/users/:id", func(c *gin.Context) { c.Status(http.StatusNoContent) })

	preflight := func(path, origin string) {
		req := httptest.NewRequest(http.MethodOptions, path, nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodPut)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		fmt.Printf("%s from %s: %d %q\n", path, origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	preflight("/api/todos/1", "https://app.example.com")
	preflight("/api/todos/1", "https://admin.example.com")
	preflight("/admin/users/1", "https://admin.example.com")
	// Output:
	// /api/todos/1 from https://app.example.com: 204 "https://app.example.com"
	// /api/todos/1 from https://admin.example.com: 403 ""
	// /admin/users/1 from https://admin.example.com: 204 "https://admin.example.com"
}
