// Package echoadapter is corsheaders' middleware for Echo v4
// (github.com/labstack/echo/v4): an echo.MiddlewareFunc in front of the
// policy engine of package core.
//
// Register it on the Echo instance, with e.Use or e.Pre, before anything that
// can answer a request itself (authentication, rate limiting, panic
// recovery):
//
//	e := echo.New()
//	e.Use(echoadapter.New(core.Config{
//		AllowedOrigins:   []string{"https://app.example.com"},
//		AllowCredentials: true,
//	}))
//	e.Use(middleware.Recover())
//
// Middleware registered with e.Use runs for every request, including those
// Echo answers with its own 404, 405 or automatic OPTIONS response, so
// preflights need no OPTIONS route. Middleware given to a group runs for
// the group's routes and its unknown paths, but not for Echo's automatic
// answer to OPTIONS on a route that has no OPTIONS handler: put the
// middleware on the Echo instance, or register OPTIONS routes on the group.
//
// Headers are written before the rest of the chain runs, so the response
// Echo's HTTPErrorHandler writes for a handler's error still carries them.
package echoadapter

import (
	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
)

// New returns the middleware for cfg. It panics if cfg is invalid, with every
// problem listed; use [core.NewPolicy] and [FromPolicy] to handle the error
// instead.
func New(cfg core.Config) echo.MiddlewareFunc {
	return FromPolicy(core.MustPolicy(cfg))
}

// FromPolicy returns the middleware for the policy src holds: a
// [*core.Policy], or a [*core.Live] whose policy can be replaced while the
// server runs. A preflight is answered by the middleware without calling
// next; every other request goes on to next, whose error is returned as is.
func FromPolicy(src core.Source) echo.MiddlewareFunc {
	if src == nil || src.Policy() == nil {
		panic("echoadapter: FromPolicy needs a policy")
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if d := core.Handle(src, c.Response().Header(), c.Request()); d.Preflight() {
				return c.NoContent(d.Status)
			}
			return next(c)
		}
	}
}
