package fiberadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gofiber/fiber/v3"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// CORS and CSRF protection from one policy: the SPA's cross-site POST is
// let through, a forged one from another site is refused.
func ExampleCrossOriginProtection() {
	policy := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
	})
	app := fiber.New()
	app.Use(fiberadapter.FromPolicy(policy), fiberadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
	app.Post("/api/transfer", func(c fiber.Ctx) error { return c.SendString("done") })

	for _, origin := range []string{"https://app.example.com", "https://evil.test"} {
		req := httptest.NewRequest(http.MethodPost, "/api/transfer", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site") // as browsers send it
		res, err := app.Test(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(origin, res.StatusCode)
	}
	// Output:
	// https://app.example.com 200
	// https://evil.test 403
}
