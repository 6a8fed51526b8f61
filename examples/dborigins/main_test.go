package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	token = "test-token"
	spa   = "https://app.example.com"
)

type fixture struct {
	t   *testing.T
	srv *httptest.Server
	app *app
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := openDB(ctx, filepath.Join(t.TempDir(), "origins.db"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	a, err := newApp(ctx, db, token, time.Hour, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	srv := httptest.NewServer(a.handler()) // on 127.0.0.1
	t.Cleanup(srv.Close)
	return &fixture{t: t, srv: srv, app: a}
}

func (f *fixture) do(method, path, auth string, form url.Values, kv ...string) *http.Response {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	require.NoError(f.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func (f *fixture) allowed(origin string) bool {
	res := f.do(http.MethodGet, "/api/items", "", nil, "Origin", origin)
	require.Equal(f.t, http.StatusOK, res.StatusCode)
	return res.Header.Get("Access-Control-Allow-Origin") == origin
}

func TestAddAndRemoveWithoutRestart(t *testing.T) {
	f := newFixture(t)
	assert.False(t, f.allowed(spa))

	res := f.do(http.MethodPost, "/admin/origins", token, url.Values{"origin": {spa}})
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.True(t, f.allowed(spa), "added origin in force at once")

	res = f.do(http.MethodDelete, "/admin/origins?origin="+url.QueryEscape(spa), token, nil)
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.False(t, f.allowed(spa), "removed origin refused at once")

	res = f.do(http.MethodDelete, "/admin/origins?origin="+url.QueryEscape(spa), token, nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

func TestAdminIsProtected(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, http.StatusUnauthorized, f.do(http.MethodGet, "/admin/origins", "", nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, f.do(http.MethodPost, "/admin/origins", "wrong", url.Values{"origin": {spa}}).StatusCode)
	assert.False(t, f.allowed(spa))
	// Never CORS-enabled: another origin's script cannot read it.
	res := f.do(http.MethodGet, "/admin/origins", token, nil, "Origin", spa)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
	// From an address that is not loopback.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/admin/origins", nil)
	req.RemoteAddr = "203.0.113.7:4444"
	req.Header.Set("Authorization", "Bearer "+token)
	f.app.handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code)
}

func TestAdminRefusesBadOrigins(t *testing.T) {
	f := newFixture(t)
	for _, bad := range []string{"app.example.com", "https://app.example.com/", "https://*.com", ""} {
		res := f.do(http.MethodPost, "/admin/origins", token, url.Values{"origin": {bad}})
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, bad)
	}
}

func TestMalformedRowAndDatabaseGone(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Rows written behind the admin endpoint's back, one of them bad.
	_, err := f.app.db.ExecContext(ctx, `INSERT INTO cors_origins (origin) VALUES (?), (?), (?)`, spa, "not an origin", "https://b.example.com")
	require.NoError(t, err)
	require.NoError(t, f.app.origins.Refresh(ctx))
	assert.True(t, f.allowed(spa))
	assert.True(t, f.allowed("https://b.example.com"))
	st := f.app.origins.Status()
	require.Len(t, st.Skipped, 1)
	assert.Equal(t, "not an origin", st.Skipped[0].Value)

	// The database goes away: the last good policy keeps answering.
	require.NoError(t, f.app.db.Close())
	require.Error(t, f.app.origins.Refresh(ctx))
	assert.True(t, f.allowed(spa), "last good policy kept")
	assert.False(t, f.allowed("https://c.example.com"))
}

func TestTenThousandRowsInSQLite(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tx, err := f.app.db.BeginTx(ctx, nil)
	require.NoError(t, err)
	for i := range 10_000 {
		_, err := tx.ExecContext(ctx, `INSERT INTO cors_origins (origin) VALUES (?)`, fmt.Sprintf("https://tenant-%d.example.com", i))
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit())
	require.NoError(t, f.app.origins.Refresh(ctx))
	assert.Equal(t, 10_000, f.app.origins.Status().Origins)
	assert.True(t, f.allowed("https://tenant-9999.example.com"))
	assert.False(t, f.allowed("https://tenant-10000.example.com"))
}

// BenchmarkRefreshSQLite10000 measures one reload of 10,000 origins from a
// SQLite file: the query, the scan and the compilation.
func BenchmarkRefreshSQLite10000(b *testing.B) {
	ctx := context.Background()
	db, err := openDB(ctx, filepath.Join(b.TempDir(), "origins.db"))
	require.NoError(b, err)
	defer db.Close()
	for i := range 10_000 {
		_, err := db.ExecContext(ctx, `INSERT INTO cors_origins (origin) VALUES (?)`, fmt.Sprintf("https://tenant-%d.example.com", i))
		require.NoError(b, err)
	}
	a, err := newApp(ctx, db, token, time.Hour, slog.New(slog.DiscardHandler))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if err := a.origins.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
