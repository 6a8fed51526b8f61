package chitest_test

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestCrossOriginProtectionChi runs the shared CSRF check through a chi
// router; chiadapter's own tests run it through http.ServeMux.
func TestCrossOriginProtectionChi(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		r := chi.NewRouter()
		r.Use(chiadapter.FromPolicy(src), chiadapter.CrossOriginProtection(cop))
		r.Handle("/*", app)
		return r
	})
}
