package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// TestTenants: an engine with the middleware built from a *core.Tenants
// decides each request with its tenant's policy, with Gin told to trust
// every proxy's forwarding headers: the tenant still comes from the Host.
func TestTenants(t *testing.T) {
	corstest.RunTenants(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		r := gin.New()
		if err := r.SetTrustedProxies([]string{"0.0.0.0/0", "::/0"}); err != nil {
			t.Fatal(err)
		}
		r.Use(ginadapter.FromPolicy(src))
		r.Any("/*path", gin.WrapH(app))
		r.NoRoute(gin.WrapH(app))
		return r
	})
}
