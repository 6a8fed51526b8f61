// Package ginadapter is corsheaders' middleware for Gin
// (github.com/gin-gonic/gin): a gin.HandlerFunc in front of the policy
// engine of package core.
//
// Register it on the engine, with r.Use, and as the first middleware, or at
// least before anything that can answer a request itself (authentication,
// rate limiting, an error or panic handler that writes a response):
//
//	r := gin.New()
//	r.Use(ginadapter.New(core.Config{
//		AllowedOrigins:   []string{"https://app.example.com"},
//		AllowCredentials: true,
//	}))
//	r.Use(gin.Logger(), gin.Recovery())
//
// Gin runs the engine's middleware for every request, including those that
// end in its own 404 or 405, so preflights need no OPTIONS route. Middleware
// added to a route group with g.Use runs only for routes the group
// registers for the request's method: a preflight for a group route without
// an OPTIONS handler never reaches it. Use r.Use, or register OPTIONS routes
// on the group (g.OPTIONS("/*path", ...)) so that the group's middleware
// sees them.
//
// Headers are written before the rest of the chain runs, so a response that
// a later middleware aborts (c.AbortWithStatusJSON) or that gin.Recovery
// writes after a panic still carries them.
package ginadapter

import (
	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
)

// New returns the middleware for cfg. It panics if cfg is invalid, with every
// problem listed; use [core.NewPolicy] and [FromPolicy] to handle the error
// instead.
func New(cfg core.Config) gin.HandlerFunc {
	return FromPolicy(core.MustPolicy(cfg))
}

// FromPolicy returns the middleware for the policy src holds: a
// [*core.Policy], or a [*core.Live] whose policy can be replaced while the
// server runs. A preflight is answered by the middleware, which aborts the
// chain; every other request goes on with c.Next.
func FromPolicy(src core.Source) gin.HandlerFunc {
	if src == nil || src.Policy() == nil {
		panic("ginadapter: FromPolicy needs a policy")
	}
	return func(c *gin.Context) {
		if d := core.Handle(src, c.Writer.Header(), c.Request); d.Preflight() {
			c.AbortWithStatus(d.Status)
			return
		}
		c.Next()
	}
}
