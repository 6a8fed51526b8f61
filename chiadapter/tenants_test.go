package chiadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestTenants: the middleware built from a *core.Tenants, in front of an
// http.ServeMux, decides each request with its tenant's policy.
func TestTenants(t *testing.T) {
	corstest.RunTenants(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", app)
		return chiadapter.FromPolicy(src)(mux)
	})
}
