// Package echov5adapter is corsheaders' middleware for Echo v5
// (github.com/labstack/echo/v5): an echo.MiddlewareFunc in front of the
// policy engine of package core. It holds no CORS rule; it only hands the
// request to the policy and carries out its decision. For Echo v4, use
// package echoadapter.
//
// Register it on the Echo instance, with e.Use or e.Pre, before anything
// that can answer a request itself; docs/middleware.md says why, what may
// come first, and when to choose e.Pre:
//
//	e := echo.New()
//	e.Use(middleware.RequestLogger(), middleware.Recover())
//	e.Use(echov5adapter.New(core.Config{
//		AllowedOrigins:   []string{"https://app.example.com"},
//		AllowCredentials: true,
//	}))
//	e.Use(auth)
//	e.GET("/api/todos", listTodos)
//
// Middleware registered with e.Use runs for every request, including those
// Echo answers with its own 404, 405 or automatic OPTIONS response, so
// preflights need no OPTIONS route.
//
// The headers are written before next runs and next's error is returned
// unchanged, so the response Echo's HTTPErrorHandler writes for an error
// still carries them.
package echov5adapter

import (
	"github.com/labstack/echo/v5"

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
		panic("echov5adapter: FromPolicy needs a policy")
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if d := core.Handle(src, c.Response().Header(), c.Request()); d.Answered() {
				return c.NoContent(d.Status)
			}
			return next(c)
		}
	}
}

// CrossOriginProtection returns cop as Echo middleware: a request it
// refuses (a cross-origin write from an origin the CORS policy does not
// trust with credentials) is answered by cop.Deny without calling next; the
// others go on to next. Register it after the CORS middleware:
//
//	cop := core.NewCrossOriginProtection(policy)
//	e.Use(echov5adapter.FromPolicy(policy), echov5adapter.CrossOriginProtection(cop))
func CrossOriginProtection(cop *core.CrossOriginProtection) echo.MiddlewareFunc {
	if cop == nil {
		panic("echov5adapter: CrossOriginProtection needs a *core.CrossOriginProtection")
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if err := cop.Check(c.Request()); err != nil {
				cop.Deny(c.Response(), c.Request(), err)
				return nil
			}
			return next(c)
		}
	}
}
