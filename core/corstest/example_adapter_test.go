package corstest_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// middleware is the adapter under test: a net/http one, written on core.
func middleware(src core.Source) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d := core.Handle(src, w.Header(), r); d.Answered() {
				w.WriteHeader(d.Status)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestConformance runs every case of the suite through the adapter.
func TestConformance(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		mux := http.NewServeMux() // your framework, routing every path to app
		mux.Handle("/", app)
		return middleware(core.MustPolicy(cfg))(mux)
	})
}

// TestLiveReload checks that the adapter follows a core.Live.
func TestLiveReload(t *testing.T) {
	corstest.RunLiveReload(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		return middleware(src)(app)
	})
}
