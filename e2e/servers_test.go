package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"github.com/valyala/fasthttp"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// An adapter builds an API server: the middleware under test, made from
// cfg, in front of app, inside its framework, which routes every method and
// path to app.
type adapter struct {
	name   string
	server func(cfg core.Config, app http.Handler) http.Handler
	// listen, set for a framework not built on net/http (Fiber), serves
	// with the framework's own server on ln instead: recording each
	// exchange is then its job, through record, with the application
	// finding the exchange as with the others (exchangeKey in its request's
	// context). It returns a function that stops the server.
	listen func(cfg core.Config, app http.Handler, ln net.Listener, record func(*exchange)) (stop func())
}

// adapters are the middlewares every scenario must pass, in the order of
// the results table.
var adapters = []adapter{
	{name: "gin", server: func(cfg core.Config, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.New(cfg))
		r.Any("/*path", gin.WrapH(app))
		r.NoRoute(gin.WrapH(app)) // methods Gin has no Any route for, such as PURGE
		return r
	}},
	{name: "echo", server: func(cfg core.Config, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.New(cfg))
		h := echo.WrapHandler(app)
		e.Any("/*", h)
		e.RouteNotFound("/*", h) // methods Echo has no Any route for
		return e
	}},
	{name: "chi", server: func(cfg core.Config, app http.Handler) http.Handler {
		r := chi.NewRouter()
		r.Use(chiadapter.New(cfg))
		r.Handle("/*", app)
		r.MethodNotAllowed(app.ServeHTTP) // methods chi does not know, such as PURGE
		return r
	}},
	{name: "echo v5", server: func(cfg core.Config, app http.Handler) http.Handler {
		e := echov5.New()
		e.Use(echov5adapter.New(cfg))
		h := echov5.WrapHandler(app)
		e.Any("/*", h)
		e.RouteNotFound("/*", h) // methods Echo has no Any route for
		return e
	}},
	{name: "fiber", listen: listenFiber},
}

// listenFiber serves with Fiber's own fasthttp server: a first middleware
// records each exchange (calling Fiber's ErrorHandler itself, so that it
// sees the response Fiber sends), then the CORS middleware, then the
// application for every path and method, PURGE included (Fiber answers a
// method outside Config.RequestMethods with 501 before any middleware).
func listenFiber(cfg core.Config, app http.Handler, ln net.Listener, record func(*exchange)) func() {
	f := fiber.New(fiber.Config{RequestMethods: append(slices.Clone(fiber.DefaultMethods), "PURGE")})
	f.Use(func(c fiber.Ctx) error {
		h := &c.Request().Header
		e := &exchange{
			Method: c.Method(), Path: string(c.Request().URI().Path()),
			Origin:         headerLines(h, "Origin"),
			RequestMethod:  headerLines(h, "Access-Control-Request-Method"),
			RequestHeaders: headerLines(h, "Access-Control-Request-Headers"),
			Cookie:         string(h.Peek("Cookie")),
		}
		c.RequestCtx().SetUserValue(exchangeKey{}, e)
		if err := c.Next(); err != nil {
			if err := f.Config().ErrorHandler(c, err); err != nil {
				c.Status(http.StatusInternalServerError)
			}
		}
		e.Status = c.Response().StatusCode()
		e.Header = map[string]string{}
		for name, value := range c.Response().Header.All() {
			if n := string(name); n == "Vary" || strings.HasPrefix(n, "Access-Control-") {
				if old, ok := e.Header[n]; ok {
					e.Header[n] = old + ", " + string(value)
				} else {
					e.Header[n] = string(value)
				}
			}
		}
		record(e)
		return nil
	})
	f.Use(fiberadapter.New(cfg))
	f.All("/*", adaptor.HTTPHandler(app))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
	}()
	return func() {
		// Shutdown stops a server already serving; closing ln also stops
		// one whose goroutine had not reached Listener yet.
		_ = f.ShutdownWithTimeout(5 * time.Second)
		_ = ln.Close()
		<-done
	}
}

// headerLines copies the lines of the header name.
func headerLines(h *fasthttp.RequestHeader, name string) []string {
	var lines []string
	for _, v := range h.PeekAll(name) {
		lines = append(lines, string(v))
	}
	return lines
}

func init() { gin.SetMode(gin.ReleaseMode) }

// An exchange is one request as the API server received and answered it.
type exchange struct {
	Method, Path string
	// Origin, RequestMethod and RequestHeaders are the lines of Origin,
	// Access-Control-Request-Method and Access-Control-Request-Headers.
	Origin, RequestMethod, RequestHeaders []string
	Cookie                                string
	Status                                int
	// Header holds the response's Access-Control-* and Vary headers, each
	// one's lines joined with ", ", as corstest compares them.
	Header map[string]string
	AppRan bool
}

// preflight reports whether the request has a preflight's shape.
func (e *exchange) preflight() bool {
	return e.Method == http.MethodOptions && len(e.Origin) > 0 && len(e.RequestMethod) > 0
}

// apiServer is a scenario's API server on loopback, recording every
// exchange.
type apiServer struct {
	srv *httptest.Server // nil for an adapter that listens itself
	// base is the server's URL, without a path; client reaches it; stop
	// closes it.
	base   string
	client *http.Client
	stop   func()
	mu     sync.Mutex
	log    []*exchange
}

type exchangeKey struct{}

// startAPI starts an API server for s built with ad. Close it with close.
func startAPI(ad adapter, s scenario.Scenario, ports scenario.Ports) *apiServer {
	api := &apiServer{}
	status := s.AppStatus
	if status == 0 {
		status = http.StatusOK
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e, ok := r.Context().Value(exchangeKey{}).(*exchange); ok {
			e.AppRan = true
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		for _, kv := range scenario.AppHeaders {
			h.Set(kv[0], kv[1])
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(corstest.AppBody))
	})
	if ad.listen != nil {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		api.base, api.client = "http://"+ln.Addr().String(), &http.Client{}
		api.stop = ad.listen(s.PolicyConfig(ports), app, ln, api.record)
		return api
	}
	inner := ad.server(s.PolicyConfig(ports), app)
	api.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := &exchange{
			Method: r.Method, Path: r.URL.Path,
			Origin:         r.Header.Values("Origin"),
			RequestMethod:  r.Header.Values("Access-Control-Request-Method"),
			RequestHeaders: r.Header.Values("Access-Control-Request-Headers"),
			Cookie:         r.Header.Get("Cookie"),
		}
		rw := &recordingWriter{ResponseWriter: w, e: e}
		inner.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, e)))
		rw.snapshot(http.StatusOK)
		api.record(e)
	}))
	api.base, api.client, api.stop = api.srv.URL, api.srv.Client(), api.srv.Close
	return api
}

func (a *apiServer) record(e *exchange) {
	a.mu.Lock()
	a.log = append(a.log, e)
	a.mu.Unlock()
}

func (a *apiServer) close() { a.stop() }

// URL is the address of path on the API server, under its .test name.
func (a *apiServer) URL(path string) string {
	return "http://" + scenario.APIHost + ":" + strconv.Itoa(a.port()) + path
}

func (a *apiServer) port() int {
	u, err := url.Parse(a.base)
	if err != nil {
		panic(err)
	}
	port, _ := strconv.Atoi(u.Port())
	return port
}

// exchanges returns what the server has received so far.
func (a *apiServer) exchanges() []*exchange {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*exchange(nil), a.log...)
}

// recordingWriter notes the status and the CORS headers of the response
// when they are sent.
type recordingWriter struct {
	http.ResponseWriter
	e    *exchange
	done bool
}

func (w *recordingWriter) snapshot(status int) {
	if w.done {
		return
	}
	w.done = true
	w.e.Status = status
	w.e.Header = map[string]string{}
	for name, values := range w.Header() {
		if name == "Vary" || strings.HasPrefix(name, "Access-Control-") {
			w.e.Header[name] = strings.Join(values, ", ")
		}
	}
}

func (w *recordingWriter) WriteHeader(status int) {
	w.snapshot(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.snapshot(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Flush lets frameworks that flush find a Flusher.
func (w *recordingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		w.snapshot(http.StatusOK)
		f.Flush()
	}
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pageServers serve the blank pages scripts run in, on two ports ({page}
// and {alt}) and under every .test name.
type pageServers struct {
	page, alt *httptest.Server
}

const pageHTML = "<!doctype html><meta charset=utf-8><title>corsheaders e2e</title><body></body>\n"

func startPages(t testing.TB) *pageServers {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNoContent) // favicon.ico and the like
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML))
	})
	p := &pageServers{page: httptest.NewServer(h), alt: httptest.NewServer(h)}
	t.Cleanup(p.page.Close)
	t.Cleanup(p.alt.Close)
	return p
}

// at gives the page under host, at the page server's port, and its origin.
func (p *pageServers) at(host string) (page, origin string) {
	origin = fmt.Sprintf("http://%s:%d", host, p.ports().Page)
	return origin + "/", origin
}

func (p *pageServers) ports() scenario.Ports {
	return scenario.Ports{
		Page: p.page.Listener.Addr().(*net.TCPAddr).Port,
		Alt:  p.alt.Listener.Addr().(*net.TCPAddr).Port,
	}
}
