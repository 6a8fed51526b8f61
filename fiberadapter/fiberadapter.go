// Package fiberadapter is corsheaders' middleware for Fiber v3
// (github.com/gofiber/fiber/v3): a fiber.Handler in front of the policy
// engine of package core. It holds no CORS rule; it only hands the request
// to the policy and carries out its decision.
//
// Fiber runs on fasthttp, not net/http. The middleware builds the policy's
// request view (core.Request) from fasthttp's request without converting it
// and without allocating, its strings sharing fasthttp's buffers for the
// duration of the call, and writes the decision into fasthttp's response
// headers through core's HeaderStore interface, with Vary merged as with
// every other adapter.
//
// Register it with app.Use, before the routes (Fiber runs handlers in the
// order they are registered) and before anything that can answer a request
// itself; docs/middleware.md says why, and what may come first:
//
//	app := fiber.New()
//	app.Use(logger.New(), recover.New())
//	app.Use(fiberadapter.New(core.Config{
//		AllowedOrigins:   []string{"https://app.example.com"},
//		AllowCredentials: true,
//	}))
//	app.Use(auth)
//	app.Get("/api/todos", listTodos)
//
// Middleware registered with app.Use runs for every method on every path
// under its prefix, routes or not, so preflights need no OPTIONS route.
//
// CheckRequest hooks take an *http.Request, with every adapter. Under Fiber
// the middleware converts fasthttp's request for them (with fasthttp's own
// fasthttpadaptor) only when a hook is about to run, that is when the
// configuration alone does not grant the request; with no hook, or when the
// configuration decides, nothing is converted. The converted request shares
// fasthttp's buffers, like every value Fiber hands a handler: a hook must
// not keep it, nor anything read from it, past its call. Its Context is the
// fasthttp.RequestCtx, so r.Context().Value reads Fiber's locals. Its
// URL.Path is the path the policy read, the one Fiber routes on, never
// fasthttp's normalised path.
//
// Fiber folds case and, unless Config.StrictRouting is set, ignores a
// trailing slash when it routes: the policy reads every path, in every
// adapter, case-insensitively and without its trailing slashes too, so that
// a rule of core.Config.Paths cannot be sidestepped by "/ADMIN/users" or
// "/reports/". Unless Config.UnescapePath is set, Fiber routes on the path as
// sent, still escaped: the middleware hands it to core.HandleRequest as
// sent, which decodes it without allocating.
//
// The headers are written before the next handler runs and its error is
// returned unchanged, so the response Fiber's ErrorHandler writes for an
// error still carries them.
package fiberadapter

import (
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"

	"github.com/corsheaders/corsheaders/core"
)

// New returns the middleware for cfg. It panics if cfg is invalid, with every
// problem listed; use [core.NewPolicy] and [FromPolicy] to handle the error
// instead.
func New(cfg core.Config) fiber.Handler {
	return FromPolicy(core.MustPolicy(cfg))
}

// FromPolicy returns the middleware for the policy src holds: a
// [*core.Policy], or a [*core.Live] whose policy can be replaced while the
// server runs. A preflight is answered by the middleware without calling
// the next handler; every other request goes on with c.Next, whose error is
// returned as is.
func FromPolicy(src core.Source) fiber.Handler {
	if src == nil || src.Policy() == nil {
		panic("fiberadapter: FromPolicy needs a policy")
	}
	var routing routingCache
	return func(c fiber.Ctx) error {
		v := views.Get().(*view)
		n := v.fill(c, routing.of(c.App()))
		d := core.HandleRequest(src, (*responseHeader)(&c.Response().Header), &v.req)
		// d is only read for its Kind and Status from here on.
		v.release(n)
		if d.Answered() {
			// Not c.SendStatus, which would write the status text as body.
			c.Status(d.Status)
			return nil
		}
		return c.Next()
	}
}

// A view is the request view of one request and the memory its header
// lines live in. Views are pooled: the policy reads the view through a
// pointer it may pass to hooks' conversion, so a view on the stack would be
// moved to the heap, one allocation per request.
type view struct {
	req core.Request
	ctx *fasthttp.RequestCtx // converted for hooks, through req.ToHTTP
	// lines backs the header values: Origin, Access-Control-Request-Method,
	// -Headers and -Private-Network, one line each in what browsers send,
	// and at most core.RequestLines each whatever a client sends.
	lines [4 * core.RequestLines]string
}

var views = sync.Pool{New: func() any { return new(view) }}

// release returns v to the pool, with nothing of the request in it: n is
// how many of v.lines fill used.
func (v *view) release(n int) {
	v.req, v.ctx = core.Request{}, nil
	clear(v.lines[:n])
	views.Put(v)
}

// fill builds the view of c's request and returns how many of v.lines it
// used. The Access-Control-* headers are read only for an OPTIONS
// request with an Origin, as core.Request allows. rt is how the app
// routes.
func (v *view) fill(c fiber.Ctx, rt appRouting) int {
	h := &c.Request().Header
	rest := v.lines[:]
	v.req.Method, v.req.Path = c.Method(), c.Path()
	if rt.unescape {
		// Fiber decoded the path itself and routes on it; the form the
		// client escaped is the request URI's, as sent.
		if raw := view1(c.Request().URI().PathOriginal()); raw != v.req.Path {
			v.req.RawPath = raw
		}
	} else {
		// Fiber routes on the path as sent: core decodes it, and the
		// policy reads both.
		v.req.Path, v.req.RawPath = "", v.req.Path
	}
	// Fiber folds case unless CaseSensitive is set, and ignores a trailing
	// slash unless StrictRouting is set: the policy reads every path both
	// ways, whatever the router (core/internal/pathrule).
	// The Host header as received: c.Host() may take X-Forwarded-Host,
	// which a page can set, when the app trusts proxies.
	v.req.Host = view1(h.Host())
	v.req.Origin, rest = lines(h, "Origin", rest)
	if len(v.req.Origin) == 0 {
		// Config.EnforceOrigin reads it of a request without Origin.
		v.req.SecFetchSite = view1(h.Peek("Sec-Fetch-Site"))
	}
	v.req.TLS = c.RequestCtx().IsTLS()
	if v.req.Method == fiber.MethodOptions && len(v.req.Origin) > 0 {
		v.req.AccessControlRequestMethod, rest = lines(h, "Access-Control-Request-Method", rest)
		v.req.AccessControlRequestHeaders, rest = lines(h, "Access-Control-Request-Headers", rest)
		v.req.AccessControlRequestPrivateNetwork, rest = lines(h, "Access-Control-Request-Private-Network", rest)
	}
	v.ctx = c.RequestCtx()
	v.req.ToHTTP = (*toHTTP)(v)
	return len(v.lines) - len(rest)
}

// routingCache remembers, for each app a middleware serves, how it reads
// paths (Config.UnescapePath), so that App.Config, which
// copies the whole Config, runs once per app and not on every request.
// An app's Config does not change once it is built. The app served last
// is read first; a middleware shared by several apps finds the others in
// a map, without allocating once it has seen each app.
type routingCache struct {
	last atomic.Pointer[appEntry]
	apps sync.Map // *fiber.App → *appEntry
}

type appEntry struct {
	app *fiber.App
	appRouting
}

// appRouting is how an app routes: unescape, it decodes the path before
// routing (UnescapePath).
type appRouting struct {
	unescape bool
}

func (rc *routingCache) of(app *fiber.App) appRouting {
	if e := rc.last.Load(); e != nil && e.app == app {
		return e.appRouting
	}
	var e *appEntry
	if v, ok := rc.apps.Load(app); ok {
		e = v.(*appEntry)
	} else {
		cfg := app.Config()
		v, _ := rc.apps.LoadOrStore(app, &appEntry{app, appRouting{unescape: cfg.UnescapePath}})
		e = v.(*appEntry)
	}
	rc.last.Store(e)
	return e.appRouting
}

// lines returns the values of the header name, at most core.RequestLines of
// them (the policy decides a longer header as it does those), each a string
// sharing fasthttp's buffer, in buf's memory, and what is left of buf.
func lines(h *fasthttp.RequestHeader, name string, buf []string) (values, rest []string) {
	all := h.PeekAll(name)
	if len(all) == 0 {
		return nil, buf
	}
	n := min(len(all), core.RequestLines)
	values, rest = buf[:n:n], buf[n:]
	for i, b := range all[:n] {
		values[i] = view1(b)
	}
	return values, rest
}

// view1 is b as a string sharing its memory.
func view1(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// responseHeader is fasthttp's response header as a core.HeaderStore.
type responseHeader fasthttp.ResponseHeader

func (h *responseHeader) Get(name string) string {
	return view1((*fasthttp.ResponseHeader)(h).Peek(name))
}

// Set writes through SetCanonical, which copies name and value without
// normalizing name: core's names are canonical already.
func (h *responseHeader) Set(name, value string) {
	(*fasthttp.ResponseHeader)(h).SetCanonical(bytesOf(name), bytesOf(value))
}

func (h *responseHeader) Add(name, value string) { (*fasthttp.ResponseHeader)(h).Add(name, value) }

// bytesOf is s as a byte slice sharing its memory, for fasthttp functions
// that only read (and copy) their arguments.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// toHTTP converts fasthttp's request for CheckRequest hooks: a view
// whose request is being decided.
type toHTTP view

// HTTPRequest converts the request with fasthttpadaptor, with the URL's
// path set to the path the policy read, which is the path Fiber routes on.
// fasthttp's own Path is normalised ("/admin/..%2Fpublic" is "/public"),
// and net/url refuses some URIs browsers send as they are (an invalid
// escape such as "%zz"): neither may show a hook another path than the
// one the policy and the router decided.
func (v *toHTTP) HTTPRequest() *http.Request {
	ctx := v.ctx
	r := new(http.Request)
	if err := fasthttpadaptor.ConvertRequest(ctx, r, true); err != nil {
		// A request URI net/url refuses: hooks still get the method,
		// the path and the header.
		r.Method = string(ctx.Method())
		r.RequestURI = string(ctx.RequestURI())
		r.Host = string(ctx.Host())
		r.URL = &url.URL{}
		r.Header = make(http.Header)
		for k, v := range ctx.Request.Header.All() {
			r.Header.Add(string(k), string(v))
		}
	}
	r.URL.Path, r.URL.RawPath = v.req.Path, v.req.RawPath
	return r.WithContext(ctx)
}
