package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// Fiber routes on the path as the client escaped it, the policy reads it
// decoded too: "/%70artner/balance" is served by "/:account/balance", not
// by the partner routes, and must not carry the partner rule's grant
// (both readings are given to the policy, which fails closed). Encoded dot
// segments are read as dot segments, as in every other adapter.
func TestEscapedPathsUnderPaths(t *testing.T) {
	const partner = "https://partner.example"
	app := fiber.New()
	app.Use(fiberadapter.New(core.Config{
		Paths: []core.PathRule{
			{Prefix: "/partner/", Config: core.Config{AllowedOrigins: []string{partner}, AllowCredentials: true}},
		},
		AllowedOrigins:   []string{origin},
		AllowCredentials: true,
	}))
	app.Get("/partner/balance", text("partner"))
	app.Get("/:account/balance", text("account"))
	app.Get("/public/*", text("public"))

	for _, c := range []struct {
		path, origin, body string
		granted            bool
	}{
		{"/partner/balance", partner, "partner", true},
		{"/%70artner/balance", partner, "account", false},
		{"/%70artner/balance", origin, "account", false},
		{"/alice/balance", origin, "account", true},
		{"/alice/balance", partner, "account", false},
	} {
		w := serve(t, app, http.MethodGet, c.path, "Origin", c.origin)
		assert.Equal(t, c.body, w.Body, "%s from %s: the route Fiber chose", c.path, c.origin)
		if c.granted {
			assert.Equal(t, c.origin, w.Header.Get("Access-Control-Allow-Origin"), "%s from %s", c.path, c.origin)
		} else {
			assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "%s from %s", c.path, c.origin)
		}
	}
}
