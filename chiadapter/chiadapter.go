// Package chiadapter is corsheaders' middleware for net/http: a plain
// func(http.Handler) http.Handler, so it serves chi (r.Use), http.ServeMux,
// gorilla/mux and any other net/http stack alike.
//
// Register it where it sees every request (chi's top router, or around the
// whole mux), before anything that can answer a request itself;
// docs/middleware.md says why, and what may come first:
//
//	r := chi.NewRouter()
//	r.Use(chiadapter.New(core.Config{AllowedOrigins: []string{"https://app.example.com"}}))
//
// Registered with chi's r.Use, the middleware also sees requests for paths
// and methods that have no route, so preflights need no OPTIONS route.
package chiadapter

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// New returns the middleware for cfg. It panics if cfg is invalid, with every
// problem listed; use [core.NewPolicy] and [FromPolicy] to handle the error
// instead.
func New(cfg core.Config) func(http.Handler) http.Handler {
	return FromPolicy(core.MustPolicy(cfg))
}

// FromPolicy returns the middleware for the policy src holds: a
// [*core.Policy], or a [*core.Live] whose policy can be replaced while the
// server runs. A preflight is answered by the middleware; every other
// request goes on to next.
func FromPolicy(src core.Source) func(http.Handler) http.Handler {
	if src == nil || src.Policy() == nil {
		panic("chiadapter: FromPolicy needs a policy")
	}
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

// CrossOriginProtection returns cop as middleware: the requests it refuses
// (cross-origin writes from origins the CORS policy does not trust with
// credentials) are answered by cop.Deny, the others go on to next. It is
// cop.Handler, under the name every adapter gives it. Register it after
// the CORS middleware:
//
//	cop := core.NewCrossOriginProtection(policy)
//	r.Use(chiadapter.FromPolicy(policy), chiadapter.CrossOriginProtection(cop))
func CrossOriginProtection(cop *core.CrossOriginProtection) func(http.Handler) http.Handler {
	if cop == nil {
		panic("chiadapter: CrossOriginProtection needs a *core.CrossOriginProtection")
	}
	return cop.Handler
}
