package e2e

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// A brokenMiddleware is a CORS middleware with a mistake seen in the wild,
// which the suite must catch: every scenario it names must fail, and in a
// browser run the failure must show where it names ("browser" when the
// page's fetch() itself comes out differently).
type brokenMiddleware struct {
	adapter
	about  string
	caught map[string]string
}

// chiServer is the correct middleware the broken ones start from.
func chiServer(cfg core.Config, app http.Handler) http.Handler {
	for _, a := range adapters {
		if a.name == "chi" {
			return a.server(cfg, app)
		}
	}
	panic("no chi adapter")
}

// mutated is the chi server with its response headers changed by mutate
// just before they are sent.
func mutated(mutate func(h http.Header, r *http.Request)) func(core.Config, http.Handler) http.Handler {
	return func(cfg core.Config, app http.Handler) http.Handler {
		good := chiServer(cfg, app)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			good.ServeHTTP(&mutatingWriter{ResponseWriter: w, mutate: func() { mutate(w.Header(), r) }}, r)
		})
	}
}

type mutatingWriter struct {
	http.ResponseWriter
	mutate func()
	done   bool
}

func (w *mutatingWriter) before() {
	if !w.done {
		w.done = true
		w.mutate()
	}
}

func (w *mutatingWriter) WriteHeader(status int) {
	w.before()
	w.ResponseWriter.WriteHeader(status)
}

func (w *mutatingWriter) Write(b []byte) (int, error) {
	w.before()
	return w.ResponseWriter.Write(b)
}

func (w *mutatingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var brokenMiddlewares = []brokenMiddleware{
	{
		adapter: adapter{name: "star with credentials", server: mutated(func(h http.Header, _ *http.Request) {
			if h.Get("Access-Control-Allow-Origin") != "" {
				h.Set("Access-Control-Allow-Origin", "*")
			}
		})},
		about: `answers "Access-Control-Allow-Origin: *" whenever it grants, credentials or not`,
		caught: map[string]string{
			"browser/credentials/include allowed, cookie sent":                        "browser",
			"browser/credentials/preflighted PUT: preflight without cookie, PUT with": "browser",
			"browser/simple/GET allowed":                                              "server",
		},
	},
	{
		adapter: adapter{name: "forgets Vary", server: mutated(func(h http.Header, _ *http.Request) { h.Del("Vary") })},
		about:   "sends no Vary: Origin, so a shared cache can serve one origin's grant to another",
		caught: map[string]string{
			"browser/simple/GET allowed":                         "server",
			"browser/simple/GET from an unlisted origin refused": "server",
			"browser/preflight/PUT allowed":                      "server",
		},
	},
	{
		adapter: adapter{name: "reflects any origin", server: mutated(func(h http.Header, r *http.Request) {
			if o := r.Header.Get("Origin"); o != "" && h.Get("Access-Control-Allow-Origin") == "" {
				h.Set("Access-Control-Allow-Origin", o)
			}
		})},
		about: "echoes every Origin back, as a misread allow-all does",
		caught: map[string]string{
			"browser/simple/GET from an unlisted origin refused":          "browser",
			"browser/origins/subdomain pattern refuses a look-alike host": "browser",
			"browser/null/sandboxed iframe refused by default":            "browser",
		},
	},
	{
		adapter: adapter{name: "every OPTIONS is a preflight", server: func(cfg core.Config, app http.Handler) http.Handler {
			p := core.MustPolicy(cfg)
			good := chiServer(cfg, app)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodOptions || r.Header.Get("Origin") == "" {
					good.ServeHTTP(w, r)
					return
				}
				asked := r.Clone(r.Context())
				if asked.Header.Get("Access-Control-Request-Method") == "" {
					asked.Header.Set("Access-Control-Request-Method", http.MethodGet)
				}
				status := http.StatusNoContent
				if d := core.Handle(p, w.Header(), asked); d.Status != 0 {
					status = d.Status
				}
				w.WriteHeader(status)
			})
		}},
		about: "answers every OPTIONS request with an Origin itself, as Echo v4's and gin-contrib's CORS middlewares do, so the application's OPTIONS route never runs",
		caught: map[string]string{
			"browser/application/OPTIONS route reached after its preflight": "browser",
		},
	},
}
