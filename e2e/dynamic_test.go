package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// sourceAdapters build an API server from a policy source (a Reloader),
// one per adapter, as adapters does from a Config.
var sourceAdapters = []struct {
	name   string
	server func(src core.Source, app http.Handler) http.Handler
	// listen serves with the framework's own server on ln (Fiber).
	listen func(src core.Source, app http.Handler, ln net.Listener) (stop func())
}{
	{"gin", func(src core.Source, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.FromPolicy(src))
		r.Any("/*path", gin.WrapH(app))
		return r
	}, nil},
	{"echo", func(src core.Source, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echoadapter.FromPolicy(src))
		e.Any("/*", echo.WrapHandler(app))
		return e
	}, nil},
	{"chi", func(src core.Source, app http.Handler) http.Handler {
		r := chi.NewRouter()
		r.Use(chiadapter.FromPolicy(src))
		r.Handle("/*", app)
		return r
	}, nil},
	{"echo v5", func(src core.Source, app http.Handler) http.Handler {
		e := echov5.New()
		e.Use(echov5adapter.FromPolicy(src))
		e.Any("/*", echov5.WrapHandler(app))
		return e
	}, nil},
	{"fiber", nil, func(src core.Source, app http.Handler, ln net.Listener) func() {
		f := fiber.New()
		f.Use(fiberadapter.FromPolicy(src))
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
	}},
}

// serveOn starts an API server on loopback, with server (a net/http
// handler) or listen (a framework's own server), and returns its port.
func serveOn(t *testing.T, server http.Handler, listen func(ln net.Listener) (stop func())) int {
	t.Helper()
	if server != nil {
		srv := httptest.NewServer(server)
		t.Cleanup(srv.Close)
		return srv.Listener.Addr().(*net.TCPAddr).Port
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(listen(ln))
	return ln.Addr().(*net.TCPAddr).Port
}

// dynApp is the application of these tests: it answers with its body and a
// header only an allowed origin's script can read.
var dynApp = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, corstest.AppBody)
})

// browserCall is one fetch() from a page, and whether the browser must let
// the script read the answer.
type browserCall struct {
	page, path, method string
	credentials        bool
	allowed            bool
}

// call runs c in the tab against the API at apiPort and checks the
// browser's verdict.
func (c browserCall) check(t *testing.T, tb *tab, apiPort int, label string) {
	t.Helper()
	spec := fetchSpec{
		URL:    "http://" + scenario.APIHost + ":" + strconv.Itoa(apiPort) + c.path,
		Method: c.method, Headers: [][2]string{}, Times: 1, Cache: "no-store",
	}
	if c.method == http.MethodPut {
		// A preflighted request: the preflight goes through the same rule.
		spec.Headers = [][2]string{{"Content-Type", "application/json"}}
		spec.Body = "{}"
	}
	if c.credentials {
		spec.Credentials = "include"
	}
	res, err := tb.fetch(c.page, spec, 20*time.Second)
	require.NoError(t, err, label)
	require.Len(t, res, 1, label)
	got := res[0].Error == "" && res[0].Body == corstest.AppBody
	assert.Equal(t, c.allowed, got, "%s: %s %s from %s (credentials %v): the browser said %+v", label, c.method, c.path, c.page, c.credentials, res[0])
}

// TestBrowserDatabaseOrigins: in the browser, for every adapter, an origin
// added to a SQLite table is allowed without a restart, and a removed one
// is refused.
func TestBrowserDatabaseOrigins(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	ports := pages.ports()
	page := fmt.Sprintf("http://app.example.test:%d/", ports.Page)
	origin := fmt.Sprintf("http://app.example.test:%d", ports.Page)
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()

	for i, ad := range sourceAdapters {
		t.Run(ad.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "origins.db")+"?_pragma=busy_timeout(5000)")
			require.NoError(t, err)
			defer db.Close()
			_, err = db.ExecContext(ctx, `CREATE TABLE cors_origins (origin TEXT PRIMARY KEY)`)
			require.NoError(t, err)
			// A malformed row from the start: skipped, never in the way.
			_, err = db.ExecContext(ctx, `INSERT INTO cors_origins VALUES ('app.example.test')`)
			require.NoError(t, err)
			origins, err := sqlorigins.New(sqlorigins.Config{DB: db, Base: core.Config{AllowCredentials: true,
				// The page is http://app.example.test, mapped to this machine by Chromium.
				UnsafeAllowInsecureOriginsWithCredentials: true}, Logger: slog.New(slog.DiscardHandler)})
			require.NoError(t, err)
			require.NoError(t, origins.Refresh(ctx))
			var server http.Handler
			if ad.server != nil {
				server = ad.server(origins, dynApp)
			}
			port := serveOn(t, server, func(ln net.Listener) func() { return ad.listen(origins, dynApp, ln) })

			// Each phase uses its own paths, so that no preflight cached
			// by the browser in one phase answers for the next.
			phase := func(n int, allowed bool, label string) {
				for _, call := range []browserCall{
					{page: page, path: "/get/" + strconv.Itoa(i) + "/" + strconv.Itoa(n), method: http.MethodGet, credentials: true, allowed: allowed},
					{page: page, path: "/put/" + strconv.Itoa(i) + "/" + strconv.Itoa(n), method: http.MethodPut, credentials: true, allowed: allowed},
				} {
					call.check(t, tb, port, label)
				}
			}
			phase(1, false, "before the origin is in the table")

			_, err = db.ExecContext(ctx, `INSERT INTO cors_origins VALUES (?)`, origin)
			require.NoError(t, err)
			require.NoError(t, origins.Refresh(ctx))
			phase(2, true, "added to the table, same server")

			_, err = db.ExecContext(ctx, `DELETE FROM cors_origins WHERE origin = ?`, origin)
			require.NoError(t, err)
			require.NoError(t, origins.Refresh(ctx))
			phase(3, false, "removed from the table, same server")

			// The database goes away: the last good policy keeps answering.
			_, err = db.ExecContext(ctx, `INSERT INTO cors_origins VALUES (?)`, origin)
			require.NoError(t, err)
			require.NoError(t, origins.Refresh(ctx))
			require.NoError(t, db.Close())
			require.Error(t, origins.Refresh(ctx))
			phase(4, true, "database gone, last good policy")
		})
	}
}

// TestBrowserPerPath: in the browser, for every adapter, one middleware
// with per-path policies gives each area its own verdict for the same page.
func TestBrowserPerPath(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	at := pages.at
	spaPage, spa := at("app.example.test")
	adminPage, admin := at("admin.example.test")
	evilPage, _ := at("evil.test")
	// The pages are served over http: Chromium maps the .test hosts to
	// this machine, where the suite has no certificate for them.
	cfg := core.Config{Paths: []core.PathRule{
		{Prefix: "/feed", Config: core.Config{AllowAllOrigins: true}},
		{Prefix: "/api/admin", Config: core.Config{AllowedOrigins: []string{admin}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}},
		{Regex: `/api/`, Config: core.Config{AllowedOrigins: []string{spa}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}},
	}}
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()

	for i, ad := range adapters {
		t.Run(ad.name, func(t *testing.T) {
			var server http.Handler
			if ad.server != nil {
				server = ad.server(cfg, dynApp)
			}
			port := serveOn(t, server, func(ln net.Listener) func() { return ad.listen(cfg, dynApp, ln, func(*exchange) {}) })
			n := strconv.Itoa(i)
			for _, call := range []browserCall{
				// The same page, three areas, three verdicts.
				{page: spaPage, path: "/feed/" + n, method: http.MethodGet, allowed: true},
				{page: spaPage, path: "/api/items/" + n, method: http.MethodGet, credentials: true, allowed: true},
				{page: spaPage, path: "/api/items/" + n, method: http.MethodPut, credentials: true, allowed: true},
				{page: spaPage, path: "/api/admin/users/" + n, method: http.MethodGet, credentials: true, allowed: false},
				{page: spaPage, path: "/api/admin/users/" + n, method: http.MethodPut, credentials: true, allowed: false},
				{page: spaPage, path: "/other/" + n, method: http.MethodGet, allowed: false},
				// The public feed is open, but not with credentials.
				{page: spaPage, path: "/feed/" + n + "/c", method: http.MethodGet, credentials: true, allowed: false},
				// The admin page: its area only.
				{page: adminPage, path: "/api/admin/users/" + n, method: http.MethodPut, credentials: true, allowed: true},
				{page: adminPage, path: "/api/items/" + n + "/a", method: http.MethodGet, credentials: true, allowed: false},
				{page: adminPage, path: "/feed/" + n + "/a", method: http.MethodGet, allowed: true},
				// Anyone else: the feed only.
				{page: evilPage, path: "/feed/" + n + "/e", method: http.MethodGet, allowed: true},
				{page: evilPage, path: "/api/items/" + n + "/e", method: http.MethodGet, credentials: true, allowed: false},
				{page: evilPage, path: "/api/admin/users/" + n + "/e", method: http.MethodPut, credentials: true, allowed: false},
			} {
				call.check(t, tb, port, ad.name)
			}
		})
	}
}
