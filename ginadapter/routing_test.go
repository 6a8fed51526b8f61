package ginadapter_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

const blogOrigin = corstest.BlogOrigin

func routedEngine(configure func(*gin.Engine)) *gin.Engine {
	r := gin.New()
	configure(r)
	r.Use(ginadapter.New(corstest.RoutedAreas()))
	r.GET("/admin/users", text("admin"))
	r.GET("/internal/secrets", text("internal"))
	r.GET("/reports", text("reports"))
	r.GET("/blog/*rest", text("blog"))
	return r
}

// Gin's routing options never let another case or a trailing slash carry
// the rule of another area to a protected handler: Gin routes case-
// sensitively and redirects fixed paths and trailing slashes (before any
// middleware runs) rather than serve them; RemoveExtraSlash cleans, which
// the policy reads too; UseRawPath routes on the escaped path, which the
// policy reads too.
func TestGinRoutingOptions(t *testing.T) {
	for name, configure := range map[string]func(*gin.Engine){
		"default":               func(*gin.Engine) {},
		"RedirectFixedPath":     func(r *gin.Engine) { r.RedirectFixedPath = true },
		"no redirects":          func(r *gin.Engine) { r.RedirectTrailingSlash, r.RedirectFixedPath = false, false },
		"RemoveExtraSlash":      func(r *gin.Engine) { r.RemoveExtraSlash = true },
		"UseRawPath":            func(r *gin.Engine) { r.UseRawPath, r.UnescapePathValues = true, false },
		"every option":          func(r *gin.Engine) { r.RedirectFixedPath, r.RemoveExtraSlash, r.UseRawPath = true, true, true },
		"RedirectFixedPath+raw": func(r *gin.Engine) { r.RedirectFixedPath, r.UseRawPath = true, true },
	} {
		t.Run(name, func(t *testing.T) {
			h := routedEngine(configure)
			reached := corstest.AssertRoutedAreas(t, h)
			if name == "RedirectFixedPath" {
				assert.Equal(t, "admin", reached["/ADMIN/users"], "the redirect leads to the admin handler")
			}
		})
	}
}

// RedirectFixedPath's redirect is Gin's own answer: the middleware has not
// run, and the browser's CORS check fails on it.
func TestGinRedirectFixedPathCarriesNoGrant(t *testing.T) {
	h := routedEngine(func(r *gin.Engine) { r.RedirectFixedPath = true })
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/ADMIN/users", nil)
	r.Header.Set("Origin", blogOrigin)
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusMovedPermanently, w.Code)
	assert.Equal(t, "/admin/users", w.Header().Get("Location"))
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
}
