package e2e

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestGuardBrowser proves in Chromium, for every adapter, what Config's
// HostGuard and EnforceOrigin stop, with the application's side effect
// counted and the refusal's reason read from the DebugLogger (the marker
// that the guard refused, not CORS, Local Network Access or anything else):
//   - a page on an unlisted origin sends a simple POST (text/plain, no
//     preflight) to a server enforcing Origin: 403, the application does
//     not run; with enforcement off, it runs (the browser only hides the
//     answer from the page);
//   - DNS rebinding: the attacker's page at http://rebind.test:PORT, a name
//     the browser resolves to 127.0.0.1 (--host-resolver-rules), PORT the
//     guarded server's, sends same-origin GET and POST requests, which
//     reach the server with Host rebind.test:PORT: with HostGuard they get
//     403, which the page reads, and the application does not run; without
//     it, the page reads the application's answer. The page itself comes
//     from the same port, from a handler in front of the middleware
//     standing for the attacker's server before the name was rebound (a
//     page Chromium got from anywhere else would be another address space
//     to Local Network Access, which this test leaves out).
func TestGuardBrowser(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	page := pages.ports().Page
	for _, ad := range adapters {
		t.Run(ad.name, func(t *testing.T) {
			tb, err := c.newTab()
			require.NoError(t, err)
			defer tb.close()

			t.Run("enforced", func(t *testing.T) {
				allowed := "http://app.example.test:" + strconv.Itoa(page)
				for _, enforce := range []bool{true, false} {
					cfg := core.Config{HostGuard: true, AllowedHosts: []string{"api.example.test"}, EnforceOrigin: enforce, AllowedOrigins: []string{allowed}}
					srv := startGuarded(t, ad, cfg)
					res := pageFetch(t, tb, "http://evil.test:"+strconv.Itoa(page)+"/", srv.url("api.example.test", "/mcp"), "POST")
					// The page on an unlisted origin never reads the answer.
					assert.NotEmpty(t, res.Error, "enforce %v: the page read the answer", enforce)
					if enforce {
						assert.Equal(t, int64(0), srv.effects.Load(), "the application ran for a foreign simple POST")
						assert.Equal(t, []int{http.StatusForbidden}, srv.statuses(), "statuses")
						assert.Equal(t, []string{"origin_enforced"}, srv.refusals(), "the refusal's reason")
					} else {
						assert.Equal(t, int64(1), srv.effects.Load(), "control, enforcement off: the application runs")
						assert.Empty(t, srv.refusals())
					}
					// The allowed origin's page succeeds either way.
					res = pageFetch(t, tb, allowed+"/", srv.url("api.example.test", "/mcp"), "POST")
					assert.Equal(t, http.StatusOK, res.Status, "enforce %v: allowed origin: %+v", enforce, res)
					srv.stop()
				}
			})

			t.Run("rebinding", func(t *testing.T) {
				for _, guard := range []bool{true, false} {
					cfg := core.Config{HostGuard: guard, AllowedOrigins: []string{"http://app.example.test:" + strconv.Itoa(page)}}
					srv := startGuarded(t, ad, cfg)
					attack := srv.url("rebind.test", attackPath)
					get := pageFetch(t, tb, attack, srv.url("rebind.test", "/secret"), "GET")
					post := pageFetch(t, tb, attack, srv.url("rebind.test", "/action"), "POST")
					if guard {
						assert.Equal(t, http.StatusForbidden, get.Status, "same-origin GET after rebinding: %+v", get)
						assert.Empty(t, get.Body)
						assert.Equal(t, http.StatusForbidden, post.Status, "same-origin POST after rebinding: %+v", post)
						assert.Equal(t, int64(0), srv.effects.Load(), "the application ran for a rebound page")
						assert.Equal(t, []string{"host_not_allowed", "host_not_allowed"}, srv.refusals(), "the refusals' reason")
					} else {
						assert.Equal(t, http.StatusOK, get.Status, "control, guard off: %+v", get)
						assert.Equal(t, "secret", get.Body, "control, guard off: the page reads the application's answer")
						assert.Equal(t, http.StatusOK, post.Status, "control, guard off: %+v", post)
						assert.Equal(t, int64(2), srv.effects.Load(), "control, guard off: the application runs")
					}
					srv.stop()
				}
			})
		})
	}
}

// guardedServer is an API server built with one adapter: its application
// counts the requests it runs for (its side effect) and answers "secret";
// its DebugLogger keeps the reason of each refusal.
type guardedServer struct {
	port    int
	effects atomic.Int64
	mu      sync.Mutex
	status  []int
	reasons []string
	stop    func()
}

func (s *guardedServer) url(host, path string) string {
	return "http://" + host + ":" + strconv.Itoa(s.port) + path
}

func (s *guardedServer) statuses() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.status...)
}

func (s *guardedServer) refusals() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reasons...)
}

func (s *guardedServer) Enabled(context.Context, slog.Level) bool { return true }
func (s *guardedServer) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "reason" {
			s.mu.Lock()
			switch k := a.Value.String(); k {
			case "host_not_allowed", "origin_enforced", "cross_site_without_origin":
				s.reasons = append(s.reasons, k)
			}
			s.mu.Unlock()
		}
		return true
	})
	return nil
}
func (s *guardedServer) WithAttrs([]slog.Attr) slog.Handler { return s }
func (s *guardedServer) WithGroup(string) slog.Handler      { return s }

// startGuarded starts the server for cfg with ad on a port of 127.0.0.1.
func startGuarded(t *testing.T, ad adapter, cfg core.Config) *guardedServer {
	t.Helper()
	s := &guardedServer{}
	cfg.DebugLogger = slog.New(s)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.effects.Add(1)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("secret"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s.port = ln.Addr().(*net.TCPAddr).Port
	note := func(status int) {
		s.mu.Lock()
		s.status = append(s.status, status)
		s.mu.Unlock()
	}
	if ad.listen != nil {
		s.stop = listenFiberGuarded(cfg, app, ln, note)
		return s
	}
	h := ad.server(cfg, app)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == attackPath || r.URL.Path == "/favicon.ico" {
			servePage(w)
			return
		}
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rw, r)
		note(rw.status)
	}))
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	s.stop = srv.Close
	return s
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// pageFetch opens pageURL in tb and runs one fetch() of url with method
// (a POST sends a text/plain body: no preflight).
func pageFetch(t *testing.T, tb *tab, pageURL, url, method string) fetchResult {
	t.Helper()
	spec := fetchSpec{URL: url, Method: method, Headers: [][2]string{}, Times: 1}
	if method == http.MethodPost {
		spec.Body = "do it"
		spec.Headers = [][2]string{{"Content-Type", "text/plain"}}
	}
	tb.page = "" // navigate every time: the page's origin is the point
	res, err := tb.fetch(pageURL, spec, 30*time.Second)
	require.NoError(t, err)
	require.Len(t, res, 1)
	return res[0]
}

// attackPath is where the guarded servers serve the attacker's page, in
// front of the middleware, as they serve the page's /favicon.ico request,
// so that the counts are those of the page's fetch() calls only.
const attackPath = "/attack"

func servePage(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(pageHTML))
}

// listenFiberGuarded serves with Fiber: the attacker's page first, then a
// middleware noting each answer's status, the CORS middleware, and app on
// every path.
func listenFiberGuarded(cfg core.Config, app http.Handler, ln net.Listener, note func(int)) func() {
	f := fiber.New()
	page := adaptor.HTTPHandlerFunc(func(w http.ResponseWriter, _ *http.Request) { servePage(w) })
	f.Get(attackPath, page)
	f.Get("/favicon.ico", page)
	f.Use(func(c fiber.Ctx) error {
		err := c.Next()
		note(c.Response().StatusCode())
		return err
	})
	f.Use(fiberadapter.New(cfg))
	f.All("/*", adaptor.HTTPHandler(app))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
	}()
	return func() {
		_ = f.ShutdownWithTimeout(5 * time.Second)
		_ = ln.Close()
		<-done
	}
}
