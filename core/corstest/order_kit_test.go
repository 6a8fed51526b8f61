package corstest_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestMiddlewareOrder runs the kit against the net/http adapter of
// example_adapter_test.go, with an http.ServeMux as the framework and
// net/http middleware for the recovery and the authentication layers.
func TestMiddlewareOrder(t *testing.T) {
	corstest.RunMiddlewareOrder(t, func(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
		mux := http.NewServeMux()
		for _, r := range routes {
			mux.Handle(r.Method+" "+r.Path, r.Handler)
		}
		var h http.Handler = mux
		for i := len(layers) - 1; i >= 0; i-- {
			switch layers[i] {
			case corstest.CORS:
				h = middleware(core.MustPolicy(cfg))(h)
			case corstest.Recovery:
				h = recovery(h)
			case corstest.Authentication:
				h = authentication(h)
			}
		}
		return h
	})
}

func recovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func authentication(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
