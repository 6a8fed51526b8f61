// Package ginadapter is corsheaders' middleware for Gin
// (github.com/gin-gonic/gin): a gin.HandlerFunc in front of the policy
// engine of package core. It holds no CORS rule; it only hands the request
// to the policy and carries out its decision.
//
// Register it on the engine with r.Use, before the routes and before
// anything that can answer a request itself; docs/middleware.md says why,
// and what may come first:
//
//	r := gin.New()
//	r.Use(gin.Logger(), gin.Recovery())
//	r.Use(ginadapter.New(core.Config{
//		AllowedOrigins:   []string{"https://app.example.com"},
//		AllowCredentials: true,
//	}))
//	r.Use(auth)
//	r.GET("/api/todos", listTodos)
//
// Gin runs the engine's middleware for every request, including those that
// end in its own 404 or 405, so preflights need no OPTIONS route. The
// headers are written before the rest of the chain runs, so a response
// that a later middleware aborts with (c.AbortWithStatusJSON), or the 500
// that gin.Recovery writes after a panic, still carries them.
//
// Middleware given to a route group with r.Group or g.Use never sees the
// group's preflights, which Gin answers 404 or 405 without it; [Group]
// makes a group whose CORS, a policy of its own, does.
package ginadapter

import (
	"fmt"
	"net/http"
	"strings"

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
		if d := core.Handle(src, c.Writer.Header(), c.Request); d.Answered() {
			c.AbortWithStatus(d.Status)
			return
		}
		c.Next()
	}
}

// CrossOriginProtection returns cop as Gin middleware: a request it refuses
// (a cross-origin write from an origin the CORS policy does not trust with
// credentials) is answered by cop.Deny and the chain is aborted; the others
// go on with c.Next. Register it after the CORS middleware:
//
//	cop := core.NewCrossOriginProtection(policy)
//	r.Use(ginadapter.FromPolicy(policy), ginadapter.CrossOriginProtection(cop))
func CrossOriginProtection(cop *core.CrossOriginProtection) gin.HandlerFunc {
	if cop == nil {
		panic("ginadapter: CrossOriginProtection needs a *core.CrossOriginProtection")
	}
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			cop.Deny(c.Writer, c.Request, err)
			c.Abort()
			return
		}
		c.Next()
	}
}

// Group returns a route group of parent (a *gin.Engine or a
// *gin.RouterGroup) under prefix, with cors (the middleware [New] or
// [FromPolicy] returns) as its first middleware, and routes the group's
// preflights to it, so that CORS given to one group applies to that
// group's paths only:
//
//	api := ginadapter.Group(r, "/api", ginadapter.New(cfg))
//	api.Use(auth)
//	api.PUT("/todos/:id", putTodo)
//
// Gin looks a request up by method before any group middleware runs, so a
// preflight (an OPTIONS request) for a group's PUT route would otherwise
// find no route and be answered 404 or 405 by the engine, without the
// group's middleware. Group registers OPTIONS on prefix and on prefix
// followed by a catch-all: the middleware answers every preflight there,
// and an OPTIONS request that is no preflight gets 404 (as Gin answers a
// request no route matches, unless HandleMethodNotAllowed is set). The group may have no OPTIONS route of its own, nor a
// nested group made by Group: Gin refuses a catch-all beside another route
// of the same method, and Group panics then, naming the conflict. A group
// nested in it inherits cors, as Gin's groups inherit their middleware.
func Group(parent gin.IRouter, prefix string, cors gin.HandlerFunc) *gin.RouterGroup {
	if cors == nil {
		panic("ginadapter: Group needs the CORS middleware")
	}
	g := parent.Group(prefix, cors)
	defer func() {
		if v := recover(); v != nil {
			panic(fmt.Sprintf("ginadapter: Group cannot route the preflights under %q to the CORS middleware: %v", g.BasePath(), v))
		}
	}()
	notFound := func(c *gin.Context) { c.AbortWithStatus(http.StatusNotFound) }
	if !strings.HasSuffix(g.BasePath(), "/") { // else the catch-all covers it
		g.OPTIONS("", notFound)
	}
	g.OPTIONS("/*path", notFound)
	return g
}
