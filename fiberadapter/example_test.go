package fiberadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/recover"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

func ExampleNew() {
	app := fiber.New()
	app.Use(recover.New())
	// Before anything that may answer a request itself, so that every
	// response, errors and preflights included, carries the CORS headers.
	app.Use(fiberadapter.New(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	app.Get("/api/todos", func(c fiber.Ctx) error {
		return c.JSON([]string{"write the docs"})
	})
	app.Get("/api/secret", func(c fiber.Ctx) error {
		return fiber.ErrUnauthorized
	})

	// The browser's preflight, for a PUT no route answers: the middleware does.
	req := httptest.NewRequest(http.MethodOptions, "/api/todos", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", http.MethodPut)
	res, err := app.Test(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.StatusCode, res.Header.Get("Access-Control-Allow-Methods"))

	// Actual requests, answered by a handler or by Fiber's ErrorHandler.
	for _, path := range []string{"/api/todos", "/api/secret"} {
		req = httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Origin", "https://app.example.com")
		res, err = app.Test(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Allow-Credentials"))
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
	app := fiber.New()
	app.Use(fiberadapter.FromPolicy(live))
	app.Get("/api/todos", func(c fiber.Ctx) error { return c.SendString("[]") })

	ask := func() string {
		req := httptest.NewRequest(http.MethodGet, "/api/todos", nil)
		req.Header.Set("Origin", "https://admin.example.com")
		res, err := app.Test(req)
		if err != nil {
			return err.Error()
		}
		return fmt.Sprintf("%q", res.Header.Get("Access-Control-Allow-Origin"))
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

// A CheckRequest hook is written for net/http, as with every adapter: under
// Fiber the request is converted for it only when it runs, here for
// origins the configuration does not list.
func ExampleNew_checkRequest() {
	app := fiber.New()
	app.Use(fiberadapter.New(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		CheckRequest: []func(*http.Request) bool{
			// Partners' origins are looked up elsewhere.
			func(r *http.Request) bool { return r.Header.Get("Origin") == "https://partner.example.org" },
		},
	}))
	app.Get("/api/todos", func(c fiber.Ctx) error { return c.SendString("[]") })

	for _, origin := range []string{"https://app.example.com", "https://partner.example.org", "https://evil.example"} {
		req := httptest.NewRequest(http.MethodGet, "/api/todos", nil)
		req.Header.Set("Origin", origin)
		res, err := app.Test(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %q\n", origin, res.Header.Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// https://app.example.com: "https://app.example.com"
	// https://partner.example.org: "https://partner.example.org"
	// https://evil.example: ""
}
