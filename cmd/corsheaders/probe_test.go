package main

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

// peer is a CORS middleware of another library, written by hand: it
// answers a refused preflight as rs/cors and go-chi/cors do, 204 without
// any CORS header, so that the browser can say only that
// Access-Control-Allow-Origin is missing.
type peer struct {
	origins, methods, headers []string
	credentials               bool
}

func (p peer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := slices.Contains(p.origins, origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			m := r.Header.Get("Access-Control-Request-Method")
			ok := allowed && (m == "GET" || m == "HEAD" || m == "POST" || slices.Contains(p.methods, m))
			for name := range strings.SplitSeq(r.Header.Get("Access-Control-Request-Headers"), ",") {
				if name = strings.TrimSpace(name); name != "" && !slices.Contains(p.headers, name) {
					ok = false
				}
			}
			if ok {
				w.Header().Set("Access-Control-Allow-Origin", origin)
				w.Header().Set("Access-Control-Allow-Methods", strings.Join(p.methods, ", "))
				if acrh := r.Header.Get("Access-Control-Request-Headers"); acrh != "" {
					w.Header().Set("Access-Control-Allow-Headers", acrh)
				}
				if p.credentials {
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Add("Vary", "Origin")
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			if p.credentials {
				w.Header().Set("Access-Control-Allow-Credentials", "true")
			}
		}
		next.ServeHTTP(w, r)
	})
}

var peerConfig = peer{origins: []string{page}, methods: []string{"GET", "POST", "PUT"}, headers: []string{"x-a"}}

// notFoundOptions is a router that has no OPTIONS route: the middleware
// is attached to the route, and never sees a preflight.
func notFoundOptions(route http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			http.NotFound(w, r)
			return
		}
		route.ServeHTTP(w, r)
	})
}

// getOnly is http.ServeMux with a GET route wrapped in the middleware: it
// answers OPTIONS 405.
func getOnly(p peer) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /api/items", p.wrap(app))
	return mux
}

func TestCheckFindsWhatIsRefused(t *testing.T) {
	with := func(f func(*peer)) peer {
		p := peerConfig
		p.origins, p.methods, p.headers = slices.Clone(p.origins), slices.Clone(p.methods), slices.Clone(p.headers)
		f(&p)
		return p
	}
	for _, c := range []struct {
		name   string
		server http.Handler
		args   []string
		reason string
		cause  string
		probes int
		says   []string
		fixed  http.Handler // the server with the fix applied
	}{{
		name: "one header of three refused", server: peerConfig.wrap(app),
		args:   []string{"-H", "X-A: 1", "-H", "X-B: 1", "-H", "X-C: 1"},
		reason: "MissingAllowOrigin", cause: "headers", probes: 4,
		says:  []string{`the server refuses the headers "x-b", "x-c": the same preflight without them is granted; add "x-b", "x-c" to the request headers`},
		fixed: with(func(p *peer) { p.headers = append(p.headers, "x-b", "x-c") }).wrap(app),
	}, {
		name: "a custom header refused", server: peerConfig.wrap(app),
		args:   []string{"-H", "X-B: 1"},
		reason: "MissingAllowOrigin", cause: "headers", probes: 1,
		says:  []string{`the server refuses the header "x-b": the same preflight without it is granted; add "x-b" to the request headers the server's CORS configuration allows (with corsheaders, to CORS_ALLOW_HEADERS)`},
		fixed: with(func(p *peer) { p.headers = append(p.headers, "x-b") }).wrap(app),
	}, {
		name: "Authorization refused", server: peerConfig.wrap(app),
		args:   []string{"-H", "Authorization: Bearer t"},
		reason: "MissingAllowOrigin", cause: "headers", probes: 1,
		says:  []string{`the server refuses the header "authorization"`, `"*" there never covers Authorization`},
		fixed: with(func(p *peer) { p.headers = append(p.headers, "authorization") }).wrap(app),
	}, {
		name: "a method refused", server: peerConfig.wrap(app),
		args:   []string{"-X", "DELETE"},
		reason: "MissingAllowOrigin", cause: "method", probes: 1,
		says:  []string{`the server refuses the method "DELETE": the same preflight asking for GET is granted; add "DELETE" to the methods`},
		fixed: with(func(p *peer) { p.methods = append(p.methods, "DELETE") }).wrap(app),
	}, {
		name: "an unlisted origin", server: peerConfig.wrap(app),
		args:   []string{"--origin", "https://c.com", "-X", "PUT", "-H", "X-A: 1"},
		reason: "MissingAllowOrigin", cause: "origin", probes: 2,
		says:  []string{`no preflight from "https://c.com" is granted at this URL, not even one asking only for GET`, `add "https://c.com" to the origins it allows (with corsheaders, to CORS_ALLOWED_ORIGINS)`},
		fixed: with(func(p *peer) { p.origins = append(p.origins, "https://c.com") }).wrap(app),
	}, {
		name: "an unlisted origin, corsheaders", server: chiadapter.New(core.Config{AllowedOrigins: []string{"https://a.com", "https://b.com"}})(app),
		args:   []string{"--origin", "https://c.com", "-X", "PUT"},
		reason: "MissingAllowOrigin", cause: "origin", probes: 1,
		says:  []string{`add "https://c.com" to the origins it allows (with corsheaders, to CORS_ALLOWED_ORIGINS)`},
		fixed: chiadapter.New(core.Config{AllowedOrigins: []string{"https://a.com", "https://b.com", "https://c.com"}})(app),
	}, {
		name: "OPTIONS answered 404 by the router", server: notFoundOptions(peerConfig.wrap(app)),
		args:   []string{"-X", "PUT", "-H", "X-A: 1"},
		reason: "MissingAllowOrigin", cause: "router", probes: 2,
		says:  []string{"the router answered 404 Not Found to the preflight (OPTIONS): the CORS middleware never saw it", "Attach the CORS middleware to the server or the router as a whole"},
		fixed: peerConfig.wrap(notFoundOptions(app)),
	}, {
		name: "OPTIONS answered 405 by http.ServeMux", server: getOnly(peerConfig),
		args:   []string{"-H", "X-A: 1"},
		reason: "MissingAllowOrigin", cause: "router", probes: 1,
		says:  []string{"the router answered 405 Method Not Allowed to the preflight (OPTIONS): the CORS middleware never saw it"},
		fixed: peerConfig.wrap(getOnly(peer{})),
	}, {
		name: "a preflight outside CORS_URLS_REGEX", server: chiadapter.New(core.Config{AllowedOrigins: []string{page}, URLsRegex: "^/v2/"})(getOnly(peer{})),
		args:   []string{"-X", "PUT"},
		reason: "MissingAllowOrigin", cause: "router", probes: 1,
		says:  []string{"the router answered 405 Method Not Allowed", "with corsheaders, also check that CORS_URLS_REGEX matches this path"},
		fixed: chiadapter.New(core.Config{AllowedOrigins: []string{page}, URLsRegex: "^/api/", AllowMethods: []string{"GET", "PUT"}})(getOnly(peer{})),
	}, {
		name: "OPTIONS passed on to the router", server: notFoundOptions(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})),
		args:   []string{"-X", "PUT"},
		reason: "MissingAllowOrigin", cause: "router", probes: 1,
		says: []string{"the router answered 404 Not Found"},
	}, {
		name: "OPTIONS passed on by the CORS middleware", server: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			http.NotFound(w, r)
		}),
		args:   []string{"-X", "PUT"},
		reason: "PreflightStatus", cause: "router", probes: 1,
		says: []string{"the router answered 404 Not Found to the preflight (OPTIONS) after the CORS middleware passed it on: let the CORS middleware answer preflights itself"},
	}, {
		name: "credentials refused by a preflight", server: peerConfig.wrap(app),
		args:   []string{"-X", "PUT", "--credentials"},
		reason: "InvalidAllowCredentials", cause: "credentials",
		says:  []string{`without credentials the browser accepts this answer: the server does not grant credentials to "https://app.example.com"; the answer to the preflight (OPTIONS) must carry "Access-Control-Allow-Credentials: true"`},
		fixed: with(func(p *peer) { p.credentials = true }).wrap(app),
	}, {
		name: "credentials refused by a response", server: peerConfig.wrap(app),
		args:   []string{"--credentials"},
		reason: "InvalidAllowCredentials", cause: "credentials",
		says:  []string{`without credentials the browser accepts this answer: the server does not grant credentials to "https://app.example.com"; the response must carry "Access-Control-Allow-Credentials: true"`},
		fixed: with(func(p *peer) { p.credentials = true }).wrap(app),
	}} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.server)
			defer srv.Close()
			args := append([]string{"check", srv.URL + "/api/items", "--origin", page}, c.args...)
			code, rep, stderr := runJSON(t, args...)
			v := rep.Verdict
			if code != exitRefused || v.Reason != c.reason || v.Cause != c.cause {
				t.Fatalf("exit %d, reason %q, cause %q; want 1, %q, %q\n%s\n%+v", code, v.Reason, v.Cause, c.reason, c.cause, stderr, rep)
			}
			for _, want := range c.says {
				if !strings.Contains(v.Fix, want) {
					t.Errorf("fix %q\nwant it to say %q", v.Fix, want)
				}
			}
			if strings.Contains(v.Fix, "must see the OPTIONS request") {
				t.Errorf("fix is the generic paragraph: %q", v.Fix)
			}
			first := rep.Steps[0]
			if len(first.Probes) != c.probes {
				t.Errorf("%d probes, want %d: %+v", len(first.Probes), c.probes, first.Probes)
			}

			// The fix applied, the browser allows the request.
			if c.fixed == nil {
				return
			}
			srv.Config.Handler = c.fixed
			if c.cause == "origin" {
				args = append(args, "--origin", "https://c.com")
			}
			code, rep, _ = runJSON(t, args...)
			if code != exitOK || !rep.Verdict.Allowed {
				t.Errorf("with the fix: exit %d, %+v", code, rep)
			}
		})
	}
}

func TestCheckPrintsProbes(t *testing.T) {
	srv := httptest.NewServer(peerConfig.wrap(app))
	defer srv.Close()
	code, out, _ := runText([]string{"check", srv.URL + "/api/items", "--origin", page, "-H", "X-B: 1", "-H", "X-A: 1"}, nil)
	for _, want := range []string{
		"   probe: OPTIONS asking for GET, without Access-Control-Request-Headers: 204 No Content, granted\n",
		"   probe: OPTIONS asking for GET and x-a alone: 204 No Content, granted\n",
		"   probe: OPTIONS asking for GET and x-b alone: 204 No Content, refused (MissingAllowOrigin)\n",
		"fix:     the server refuses the header \"x-b\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != exitRefused {
		t.Errorf("exit %d", code)
	}
}

// route is a router whose route /api/items is h.
func route(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/items", h)
	return mux
}

func TestCheckTellsPathFromOrigin(t *testing.T) {
	ours := func(origins []string, urls string) http.Handler {
		return chiadapter.New(core.Config{AllowedOrigins: origins, URLsRegex: urls})(app)
	}
	listed := []string{page}
	for _, c := range []struct {
		name   string
		server http.Handler
		path   string
		origin string
		cause  string
		says   string
		fixed  http.Handler
	}{
		{"a path CORS_URLS_REGEX leaves out", ours(listed, "^/api/"), "/health", page, "path",
			"the answer carries no CORS header and does not vary by Origin, as when no CORS middleware handled the request: make the server's CORS middleware cover this path (with corsheaders, CORS_URLS_REGEX must match it)",
			ours(listed, "^/(api/|health$)")},
		{"a route the middleware does not wrap", route(app), "/api/items", page, "path",
			"make the server's CORS middleware cover this path",
			route(peerConfig.wrap(app))},
		{"an unlisted origin, corsheaders", ours(listed, "^/api/"), "/api/items", "https://c.com", "origin",
			`the server's CORS middleware handled the request (the answer varies by Origin) and does not allow the origin "https://c.com": add "https://c.com" to the origins it allows (with corsheaders, to CORS_ALLOWED_ORIGINS)`,
			ours([]string{page, "https://c.com"}, "^/api/")},
		{"an unlisted origin, another library", peerConfig.wrap(app), "/api/items", "https://c.com", "origin",
			`add "https://c.com" to the origins it allows`,
			peer{origins: []string{"https://c.com"}}.wrap(app)},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.server)
			defer srv.Close()
			args := []string{"check", srv.URL + c.path, "--origin", c.origin}
			code, rep, _ := runJSON(t, args...)
			if v := rep.Verdict; code != exitRefused || v.Reason != "MissingAllowOrigin" || v.Cause != c.cause || !strings.Contains(v.Fix, c.says) {
				t.Fatalf("exit %d, reason %q, cause %q, fix %q\nwant cause %q, fix saying %q", code, v.Reason, v.Cause, v.Fix, c.cause, c.says)
			}
			srv.Config.Handler = c.fixed
			if code, rep, _ = runJSON(t, args...); code != exitOK {
				t.Errorf("with the fix: exit %d, %+v", code, rep.Verdict)
			}
		})
	}
}

// TestCheckProbeNetworkError: a probe that fails on the network stops the
// probing, and check names no cause it did not find.
func TestCheckProbeNetworkError(t *testing.T) {
	preflights := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if preflights++; preflights > 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	code, rep, _ := runJSON(t, "check", srv.URL+"/api/items", "--origin", page, "-X", "PUT", "-H", "X-A: 1")
	v := rep.Verdict
	if code != exitRefused || v.Cause != "" || !strings.Contains(v.Fix, "this preflight asks for the method PUT and the headers x-a") {
		t.Errorf("exit %d, %+v", code, v)
	}
	if probes := rep.Steps[0].Probes; len(probes) != 1 || !strings.HasPrefix(probes[0].Outcome, "network error: ") {
		t.Errorf("probes %+v", probes)
	}
}

func TestCheckWithoutProbes(t *testing.T) {
	preflights := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			preflights++
		}
		peerConfig.wrap(app).ServeHTTP(w, r)
	}))
	defer srv.Close()
	code, rep, _ := runJSON(t, "check", srv.URL+"/api/items", "--origin", page, "-H", "X-B: 1", "--probe=false")
	if code != exitRefused || preflights != 1 || rep.Verdict.Cause != "" || len(rep.Steps[0].Probes) != 0 {
		t.Errorf("exit %d, %d preflights, %+v", code, preflights, rep)
	}
}
