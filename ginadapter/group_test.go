package ginadapter_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// Group's OPTIONS routes answer what the middleware lets through: an
// OPTIONS request that is no preflight gets Gin's usual 404, and the
// group's later middleware, added with Use, never runs for a preflight.
func TestGroupRoutesOnlyPreflights(t *testing.T) {
	r := gin.New()
	authRan := false
	api := ginadapter.Group(r, "/api", ginadapter.New(cfg))
	api.Use(func(c *gin.Context) { authRan = true; c.AbortWithStatus(http.StatusUnauthorized) })
	api.PUT("/items/:id", text("put"))

	assertPreflightGranted(t, preflight(t, r, "/api/items/1"))
	assert.False(t, authRan, "later group middleware ran for a preflight")

	w := get(t, r, http.MethodOptions, "/api/items/1")
	assert.Equal(t, http.StatusNotFound, w.Code)
	corstest.AssertGranted(t, w, origin)

	w = get(t, r, http.MethodPut, "/api/items/1")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	corstest.AssertGranted(t, w, origin)
}

// A group nested in one made by Group inherits its middleware, as Gin's
// groups do, so its preflights are answered under the same policy.
func TestGroupNested(t *testing.T) {
	r := gin.New()
	v2 := ginadapter.Group(r, "/api", ginadapter.New(cfg)).Group("/v2")
	v2.PUT("/items/:id", text("put"))
	assertPreflightGranted(t, preflight(t, r, "/api/v2/items/1"))
	corstest.AssertGranted(t, get(t, r, http.MethodPut, "/api/v2/items/1"), origin)
}

// Gin refuses a catch-all beside another OPTIONS route under the same
// prefix; Group's panic names the group and Gin's reason.
func TestGroupConflictPanics(t *testing.T) {
	r := gin.New()
	r.OPTIONS("/api/items", text("options"))
	v := panicValue(func() { ginadapter.Group(r, "/api", ginadapter.New(cfg)) })
	assert.Contains(t, fmt.Sprint(v), `ginadapter: Group cannot route the preflights under "/api" to the CORS middleware`)
	assert.Contains(t, fmt.Sprint(v), "conflicts")

	assert.PanicsWithValue(t, "ginadapter: Group needs the CORS middleware", func() { ginadapter.Group(r, "/other", nil) })
}

// Group on the engine's root covers every path.
func TestGroupAtRoot(t *testing.T) {
	r := gin.New()
	api := ginadapter.Group(r, "/", ginadapter.New(cfg))
	api.PUT("/items/:id", text("put"))
	for _, p := range []string{"/", "/items/1", "/unknown"} {
		assertPreflightGranted(t, preflight(t, r, p))
	}
}

func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// Gin's OPTIONS routes elsewhere, a parameter at the root included, leave
// room for Group's catch-all; the routes of other methods live in other
// trees and never conflict with it.
func TestGroupBesideOtherOptionsRoutes(t *testing.T) {
	r := gin.New()
	r.OPTIONS("/:page", text("page options"))
	r.OPTIONS("/health", text("health options"))
	r.GET("/api/*rest", text("get"))
	api := ginadapter.Group(r, "/api", ginadapter.New(cfg))
	api.PUT("/items/:id", text("put"))

	assertPreflightGranted(t, preflight(t, r, "/api/items/1"))
	w := get(t, r, http.MethodOptions, "/health")
	assert.Equal(t, "health options", w.Body.String())
	assertNoGrant(t, w)
}
