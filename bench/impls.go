package bench

import (
	"net/http"
	"regexp"
	"strings"

	gincors "github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	chicors "github.com/go-chi/cors"
	"github.com/gorilla/handlers"
	"github.com/labstack/echo/v4"
	echomw "github.com/labstack/echo/v4/middleware"
	rscors "github.com/rs/cors"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// Groups: each of our adapters is compared with the peers of its framework.
const (
	GroupCore    = "core"
	GroupNetHTTP = "net/http"
	GroupGin     = "gin"
	GroupEcho    = "echo"
	GroupEchoV5  = "echo v5"
	GroupFiber   = "fiber"
)

// An Impl is one implementation under comparison, or a baseline: the same
// server without CORS middleware.
type Impl struct {
	// ID names the implementation in benchmark names.
	ID string
	// Name is how the report names it.
	Name  string
	Group string
	// Ours marks corsheaders' own code; Baseline the framework alone.
	Ours, Baseline bool
	// Approximation says how the implementation expresses a scenario it has
	// no direct setting for, or "" when it has one.
	Approximation func(Scenario) string
	build         func(cfg core.Config, app *App) func(*Writer, *http.Request)
}

// App is the application behind the middleware: it counts its calls and
// answers 200.
type App struct{ Calls int }

// An Instance is an implementation built for one scenario's configuration.
type Instance struct {
	// Serve serves one request into w.
	Serve func(w *Writer, r *http.Request)
	App   *App
}

// Build configures im for cfg.
func (im Impl) Build(cfg core.Config) *Instance {
	app := new(App)
	return &Instance{Serve: im.build(cfg, app), App: app}
}

// Impls are the implementations, ours first in each group.
var Impls = []Impl{
	{ID: "core-decide", Name: "core, deciding (HandleRequest)", Group: GroupCore, Ours: true, build: buildDecide},
	{ID: "core-apply", Name: "core, deciding and writing (HandleRequest into an http.Header)", Group: GroupCore, Ours: true, build: buildApply},

	{ID: "chiadapter", Name: "chiadapter", Group: GroupNetHTTP, Ours: true, build: netHTTP(chiadapter.New)},
	{ID: "rs-cors", Name: "rs/cors v1.11.1", Group: GroupNetHTTP, build: netHTTP(rsCORS), Approximation: funcForRegexes("AllowOriginFunc")},
	{ID: "go-chi-cors", Name: "go-chi/cors v1.2.2", Group: GroupNetHTTP, build: netHTTP(chiCORS), Approximation: funcForRegexes("AllowOriginFunc")},
	{ID: "gorilla", Name: "gorilla/handlers v1.5.2", Group: GroupNetHTTP, build: netHTTP(gorillaCORS), Approximation: gorillaApproximation},
	{ID: "nethttp-bare", Name: "net/http, no CORS", Group: GroupNetHTTP, Baseline: true, build: netHTTP(nil)},

	{ID: "ginadapter", Name: "ginadapter", Group: GroupGin, Ours: true, build: ginEngine(ginadapter.New)},
	{ID: "gin-contrib", Name: "gin-contrib/cors v1.7.7", Group: GroupGin, build: ginEngine(ginContribCORS), Approximation: funcForRegexes("AllowOriginFunc")},
	{ID: "gin-bare", Name: "gin, no CORS", Group: GroupGin, Baseline: true, build: ginEngine(nil)},

	{ID: "echoadapter", Name: "echoadapter", Group: GroupEcho, Ours: true, build: echoServer(echoadapter.New)},
	{ID: "echo-cors", Name: "echo middleware.CORS v4.16.0", Group: GroupEcho, build: echoServer(echoCORS), Approximation: funcForRegexes("AllowOriginFunc")},
	{ID: "echo-noop", Name: "echo, no-op middleware", Group: GroupEcho, Baseline: true, build: echoServer(echoNoop)},

	{ID: "echov5adapter", Name: "echov5adapter", Group: GroupEchoV5, Ours: true, build: echoV5Server(echov5adapter.New)},
	{ID: "echo-v5-cors", Name: "echo v5 middleware.CORS v5.4.4", Group: GroupEchoV5, build: echoV5Server(echoV5CORS), Approximation: echoV5Approximation},
	{ID: "echo-v5-noop", Name: "echo v5, no-op middleware", Group: GroupEchoV5, Baseline: true, build: echoV5Server(echoV5Noop)},

	{ID: "fiberadapter", Name: "fiberadapter", Group: GroupFiber, Ours: true, build: fiberApp(fiberadapter.New)},
	{ID: "fiber-cors", Name: "fiber middleware/cors v3.1.0", Group: GroupFiber, build: fiberApp(fiberCORS), Approximation: funcForRegexes("AllowOriginsFunc")},
	{ID: "fiber-bare", Name: "fiber, no CORS", Group: GroupFiber, Baseline: true, build: fiberApp(nil)},
}

// ImplNamed returns the implementation whose ID is id.
func ImplNamed(id string) (Impl, bool) {
	for _, im := range Impls {
		if im.ID == id {
			return im, true
		}
	}
	return Impl{}, false
}

// buildDecide measures deciding alone: core.HandleRequest with a request
// view built once per request, outside what is measured once the benchmark
// runs, and a header store that keeps nothing.
func buildDecide(cfg core.Config, _ *App) func(*Writer, *http.Request) {
	p := core.MustPolicy(cfg)
	view := requestView()
	return func(_ *Writer, r *http.Request) { core.HandleRequest(p, Discard{}, view(r)) }
}

// buildApply measures deciding and writing the headers into the response's
// header map: core.HandleRequest with the request view built once, as
// buildDecide, into the response's http.Header, which it writes as
// core.Handle does.
func buildApply(cfg core.Config, _ *App) func(*Writer, *http.Request) {
	p := core.MustPolicy(cfg)
	view := requestView()
	return func(w *Writer, r *http.Request) { core.HandleRequest(p, w.h, view(r)) }
}

// Discard is a header store that keeps nothing, for measuring deciding
// alone.
type Discard struct{}

func (Discard) Get(string) string  { return "" }
func (Discard) Set(string, string) {}
func (Discard) Add(string, string) {}

// requestView returns the request view of r that core.Handle builds,
// remembered for the last r.
func requestView() func(*http.Request) *core.Request {
	var last *http.Request
	var req core.Request
	return func(r *http.Request) *core.Request {
		if r != last {
			h := r.Header
			last, req = r, core.Request{Method: r.Method, Path: r.URL.Path, HTTP: r, Origin: h["Origin"]}
			if r.Method == http.MethodOptions {
				req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
				req.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
				req.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
			}
		}
		return &req
	}
}

// netHTTP serves through mw(cfg) in front of a plain handler; a nil mw is the
// baseline.
func netHTTP(mw func(core.Config) func(http.Handler) http.Handler) func(core.Config, *App) func(*Writer, *http.Request) {
	return func(cfg core.Config, app *App) func(*Writer, *http.Request) {
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			app.Calls++
			w.WriteHeader(http.StatusOK)
		})
		if mw != nil {
			h = mw(cfg)(h)
		}
		return func(w *Writer, r *http.Request) { h.ServeHTTP(w, r) }
	}
}

func init() { gin.SetMode(gin.ReleaseMode) }

// ginEngine serves through a gin.Engine with the middleware on the engine
// and a GET and a PUT route for Path; a nil mw is the baseline.
func ginEngine(mw func(core.Config) gin.HandlerFunc) func(core.Config, *App) func(*Writer, *http.Request) {
	return func(cfg core.Config, app *App) func(*Writer, *http.Request) {
		e := gin.New()
		if mw != nil {
			e.Use(mw(cfg))
		}
		ok := func(c *gin.Context) {
			app.Calls++
			c.Status(http.StatusOK)
		}
		e.GET("/api/items/:id", ok)
		e.PUT("/api/items/:id", ok)
		return func(w *Writer, r *http.Request) { e.ServeHTTP(w, r) }
	}
}

// echoServer serves through an echo.Echo with the middleware added by
// e.Use and a GET and a PUT route for Path.
func echoServer(mw func(core.Config) echo.MiddlewareFunc) func(core.Config, *App) func(*Writer, *http.Request) {
	return func(cfg core.Config, app *App) func(*Writer, *http.Request) {
		e := echo.New()
		e.Use(mw(cfg))
		ok := func(c echo.Context) error {
			app.Calls++
			return c.NoContent(http.StatusOK)
		}
		e.GET("/api/items/:id", ok)
		e.PUT("/api/items/:id", ok)
		return func(w *Writer, r *http.Request) { e.ServeHTTP(w, r) }
	}
}

// echoNoop is the Echo baseline: Echo v4 wraps every e.Use middleware in a
// new closure for each request, so a middleware that does nothing shows
// what any middleware costs there.
func echoNoop(core.Config) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error { return next(c) }
	}
}

// originMatcher is what a user of a peer without regexes writes: the
// scenario's regexes, anchored as ours are and compiled once, tried in
// order.
func originMatcher(cfg core.Config) func(origin string) bool {
	var res []*regexp.Regexp
	for _, s := range cfg.AllowedOriginRegexes {
		res = append(res, regexp.MustCompile(`^(?:`+s+`)$`))
	}
	exact := make(map[string]bool, len(cfg.AllowedOrigins))
	type pattern struct{ prefix, suffix string }
	var patterns []pattern
	for _, o := range cfg.AllowedOrigins {
		if scheme, domain, ok := strings.Cut(o, "://*."); ok {
			patterns = append(patterns, pattern{scheme + "://", "." + domain})
		} else {
			exact[o] = true
		}
	}
	return func(origin string) bool {
		if exact[origin] {
			return true
		}
		for _, p := range patterns {
			if len(origin) > len(p.prefix)+len(p.suffix) && strings.HasPrefix(origin, p.prefix) && strings.HasSuffix(origin, p.suffix) {
				return true
			}
		}
		for _, re := range res {
			if re.MatchString(origin) {
				return true
			}
		}
		return false
	}
}

func hasPattern(cfg core.Config) bool {
	for _, o := range cfg.AllowedOrigins {
		if strings.Contains(o, "*") {
			return true
		}
	}
	return false
}

func funcForRegexes(setting string) func(Scenario) string {
	return func(s Scenario) string {
		if len(s.Config.AllowedOriginRegexes) > 0 {
			return "no origin regexes: " + setting + " trying the same 10 regexes, anchored and compiled once"
		}
		return ""
	}
}

func gorillaApproximation(s Scenario) string {
	switch {
	case len(s.Config.AllowedOriginRegexes) > 0:
		return "no origin regexes: AllowedOriginValidator trying the same 10 regexes, anchored and compiled once"
	case hasPattern(s.Config):
		return "no origin patterns: AllowedOriginValidator matching scheme prefix and domain suffix"
	}
	return ""
}

// The peers' configurations. Each takes what the scenario's core.Config
// says, in its own terms: the same origins, methods, request headers,
// exposed headers, credentials and max age.

func rsCORS(cfg core.Config) func(http.Handler) http.Handler {
	o := rscors.Options{
		AllowedMethods:   Methods,
		AllowedHeaders:   Headers,
		ExposedHeaders:   cfg.ExposeHeaders,
		MaxAge:           maxAgeSeconds,
		AllowCredentials: cfg.AllowCredentials,
	}
	switch {
	case cfg.AllowAllOrigins:
		o.AllowedOrigins = []string{"*"}
	case len(cfg.AllowedOriginRegexes) > 0:
		o.AllowOriginFunc = originMatcher(cfg)
	default:
		o.AllowedOrigins = cfg.AllowedOrigins
	}
	return rscors.New(o).Handler
}

func chiCORS(cfg core.Config) func(http.Handler) http.Handler {
	o := chicors.Options{
		AllowedMethods:   Methods,
		AllowedHeaders:   Headers,
		ExposedHeaders:   cfg.ExposeHeaders,
		MaxAge:           maxAgeSeconds,
		AllowCredentials: cfg.AllowCredentials,
	}
	switch {
	case cfg.AllowAllOrigins:
		o.AllowedOrigins = []string{"*"}
	case len(cfg.AllowedOriginRegexes) > 0:
		match := originMatcher(cfg)
		o.AllowOriginFunc = func(_ *http.Request, origin string) bool { return match(origin) }
	default:
		o.AllowedOrigins = cfg.AllowedOrigins
	}
	return chicors.Handler(o)
}

func gorillaCORS(cfg core.Config) func(http.Handler) http.Handler {
	opts := []handlers.CORSOption{
		handlers.AllowedMethods(Methods),
		handlers.AllowedHeaders(Headers),
		handlers.ExposedHeaders(cfg.ExposeHeaders),
		handlers.MaxAge(maxAgeSeconds), // gorilla caps it at 600
		handlers.OptionStatusCode(http.StatusNoContent),
	}
	if cfg.AllowCredentials {
		opts = append(opts, handlers.AllowCredentials())
	}
	switch {
	case cfg.AllowAllOrigins:
		opts = append(opts, handlers.AllowedOrigins([]string{"*"}))
	case len(cfg.AllowedOriginRegexes) > 0 || hasPattern(cfg):
		opts = append(opts, handlers.AllowedOriginValidator(originMatcher(cfg)))
	default:
		opts = append(opts, handlers.AllowedOrigins(cfg.AllowedOrigins))
	}
	return handlers.CORS(opts...)
}

func ginContribCORS(cfg core.Config) gin.HandlerFunc {
	c := gincors.Config{
		AllowMethods:     Methods,
		AllowHeaders:     Headers,
		ExposeHeaders:    cfg.ExposeHeaders,
		MaxAge:           MaxAge,
		AllowCredentials: cfg.AllowCredentials,
	}
	switch {
	case cfg.AllowAllOrigins:
		c.AllowAllOrigins = true
	case len(cfg.AllowedOriginRegexes) > 0:
		c.AllowOriginFunc = originMatcher(cfg)
	default:
		c.AllowOrigins = cfg.AllowedOrigins
		c.AllowWildcard = hasPattern(cfg)
	}
	return gincors.New(c)
}

func echoCORS(cfg core.Config) echo.MiddlewareFunc {
	c := echomw.CORSConfig{
		AllowMethods:     Methods,
		AllowHeaders:     Headers,
		ExposeHeaders:    cfg.ExposeHeaders,
		MaxAge:           maxAgeSeconds,
		AllowCredentials: cfg.AllowCredentials,
	}
	switch {
	case cfg.AllowAllOrigins:
		c.AllowOrigins = []string{"*"}
	case len(cfg.AllowedOriginRegexes) > 0:
		match := originMatcher(cfg)
		c.AllowOriginFunc = func(origin string) (bool, error) { return match(origin), nil }
	default:
		c.AllowOrigins = cfg.AllowedOrigins
	}
	return echomw.CORSWithConfig(c)
}
