package core_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestConformanceReferenceAdapter runs the suite through the smallest
// possible adapter, core.Handle in a net/http handler, so that a failure in
// a framework adapter can be told apart from one in core.
func TestConformanceReferenceAdapter(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		p, err := core.NewPolicy(cfg)
		check.Require.NoError(t, err)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d := core.Handle(p, w.Header(), r); d.Answered() {
				w.WriteHeader(d.Status)
				return
			}
			app.ServeHTTP(w, r)
		})
	})
}
