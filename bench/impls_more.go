package bench

import (
	"net/http"

	"github.com/gofiber/fiber/v3"
	fibercors "github.com/gofiber/fiber/v3/middleware/cors"
	echov5 "github.com/labstack/echo/v5"
	echov5mw "github.com/labstack/echo/v5/middleware"
	"github.com/valyala/fasthttp"

	"github.com/corsheaders/corsheaders/core"
)

// echoV5Server serves through an echo.Echo of Echo v5 with the middleware
// added by e.Use and a GET and a PUT route for Path.
func echoV5Server(mw func(core.Config) echov5.MiddlewareFunc) func(core.Config, *App) func(*Writer, *http.Request) {
	return func(cfg core.Config, app *App) func(*Writer, *http.Request) {
		e := echov5.New()
		e.Use(mw(cfg))
		ok := func(c *echov5.Context) error {
			app.Calls++
			return c.NoContent(http.StatusOK)
		}
		e.GET("/api/items/:id", ok)
		e.PUT("/api/items/:id", ok)
		return func(w *Writer, r *http.Request) { e.ServeHTTP(w, r) }
	}
}

// echoV5Noop is the Echo v5 baseline, a middleware that only calls next,
// as for Echo v4 (though Echo v5 builds its chain once, so a middleware
// costs no allocation per request there).
func echoV5Noop(core.Config) echov5.MiddlewareFunc {
	return func(next echov5.HandlerFunc) echov5.HandlerFunc {
		return func(c *echov5.Context) error { return next(c) }
	}
}

// fiberApp serves through a fiber.App's fasthttp handler with the
// middleware added by app.Use and a GET and a PUT route for Path; a nil mw
// is the baseline. The request is turned into a fasthttp.RequestCtx once
// (its method, URI and header lines, as given), which every call serves
// again after resetting its response, as Fiber's server reuses its
// contexts: the figures count Fiber and the middleware, not fasthttp's
// parsing, which the hostile scenarios would not get past anyway (Fiber's
// server refuses a header larger than Config.ReadBufferSize, 4 KiB by
// default, with 431 before any handler). The response's header is copied
// to the Writer only when probing.
func fiberApp(mw func(core.Config) fiber.Handler) func(core.Config, *App) func(*Writer, *http.Request) {
	return func(cfg core.Config, app *App) func(*Writer, *http.Request) {
		f := fiber.New()
		if mw != nil {
			f.Use(mw(cfg))
		}
		ok := func(c fiber.Ctx) error {
			app.Calls++
			return c.SendStatus(http.StatusOK)
		}
		f.Get("/api/items/:id", ok)
		f.Put("/api/items/:id", ok)
		h := f.Handler()
		var last *http.Request
		ctx := new(fasthttp.RequestCtx)
		return func(w *Writer, r *http.Request) {
			if r != last {
				last, ctx = r, fasthttpCtx(r)
			}
			ctx.Response.Reset()
			h(ctx)
			w.WriteHeader(ctx.Response.StatusCode())
			if w.probe {
				for name, value := range ctx.Response.Header.All() {
					w.h.Add(string(name), string(value))
				}
			}
		}
	}
}

// fasthttpCtx is r as a fasthttp.RequestCtx: its method, URI and header
// lines.
func fasthttpCtx(r *http.Request) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.Header.SetMethod(r.Method)
	req.SetRequestURI(r.URL.RequestURI())
	req.Header.SetHost(r.Host)
	for name, values := range r.Header {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, nil, nil)
	return ctx
}

func echoV5CORS(cfg core.Config) echov5.MiddlewareFunc {
	c := echov5mw.CORSConfig{
		AllowMethods:     Methods,
		AllowHeaders:     Headers,
		ExposeHeaders:    cfg.ExposeHeaders,
		MaxAge:           maxAgeSeconds,
		AllowCredentials: cfg.AllowCredentials,
	}
	switch {
	case cfg.AllowAllOrigins:
		c.AllowOrigins = []string{"*"}
	case len(cfg.AllowedOriginRegexes) > 0 || hasPattern(cfg):
		match := originMatcher(cfg)
		c.UnsafeAllowOriginFunc = func(_ *echov5.Context, origin string) (string, bool, error) {
			if match(origin) {
				return origin, true, nil
			}
			return "", false, nil
		}
	default:
		c.AllowOrigins = cfg.AllowedOrigins
	}
	return echov5mw.CORSWithConfig(c)
}

func fiberCORS(cfg core.Config) fiber.Handler {
	c := fibercors.Config{
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
		c.AllowOriginsFunc = originMatcher(cfg)
	default:
		c.AllowOrigins = cfg.AllowedOrigins
	}
	return fibercors.New(c)
}

func echoV5Approximation(s Scenario) string {
	switch {
	case len(s.Config.AllowedOriginRegexes) > 0:
		return "no origin regexes: UnsafeAllowOriginFunc trying the same 10 regexes, anchored and compiled once"
	case hasPattern(s.Config):
		return "no origin patterns: UnsafeAllowOriginFunc matching scheme prefix and domain suffix"
	}
	return ""
}
