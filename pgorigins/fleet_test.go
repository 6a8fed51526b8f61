package pgorigins_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
	"github.com/corsheaders/corsheaders/pgorigins"
)

// dsn is the throwaway cluster make pg-fleet starts (pgorigins/fleet.sh).
func dsn(t *testing.T) string {
	t.Helper()
	d := os.Getenv("PGORIGINS_TEST_DSN")
	if d == "" {
		t.Skip("pgorigins: no PostgreSQL: run `make pg-fleet`, which starts a throwaway cluster and sets PGORIGINS_TEST_DSN")
	}
	return d
}

// instance is one API server of the fleet: its own connection pool, its
// own listening connection, its own policy. It shares nothing with the
// others but the database.
type instance struct {
	srv     *httptest.Server
	origins *sqlorigins.Reloader
}

func startInstance(t *testing.T, ctx context.Context, dsn string) *instance {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// An hour between scheduled reads: only a notification can explain a
	// change seen within a second.
	origins, err := sqlorigins.New(sqlorigins.Config{DB: db, Base: core.Config{AllowCredentials: true}, Interval: time.Hour, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if err := origins.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = pgorigins.Listen(ctx, pgorigins.Config{ConnString: dsn, Reloader: origins, Logger: logger, MaxBackoff: 200 * time.Millisecond})
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "items") })
	// The admin endpoint only writes the table: the trigger tells every
	// instance, this one included.
	mux.HandleFunc("POST /admin/origins", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.ExecContext(r.Context(), `INSERT INTO cors_origins (origin) VALUES ($1) ON CONFLICT DO NOTHING`, r.FormValue("origin")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("DELETE /admin/origins", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.ExecContext(r.Context(), `DELETE FROM cors_origins WHERE origin = $1`, r.URL.Query().Get("origin")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := core.Handle(origins, w.Header(), r); d.Preflight() {
			w.WriteHeader(d.Status)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &instance{srv: srv, origins: origins}
}

func (in *instance) allows(t *testing.T, origin string) bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, in.srv.URL+"/api/items", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPut)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode == http.StatusNoContent && res.Header.Get("Access-Control-Allow-Origin") == origin
}

func (in *instance) admin(t *testing.T, method, origin string) {
	t.Helper()
	var req *http.Request
	if method == http.MethodPost {
		req, _ = http.NewRequest(method, in.srv.URL+"/admin/origins", strings.NewReader(url.Values{"origin": {origin}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, in.srv.URL+"/admin/origins?origin="+url.QueryEscape(origin), nil)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s", method, origin, res.Status)
	}
}

// within polls cond until it holds, for at most limit, and returns how long
// it took.
func within(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

func TestFleet(t *testing.T) {
	dsn := dsn(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	setup, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer setup.Close()
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS cors_origins (origin text PRIMARY KEY)`,
		`TRUNCATE cors_origins`,
	} {
		if _, err := setup.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := pgorigins.InstallTrigger(ctx, setup, "cors_origins", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := setup.ExecContext(ctx, `INSERT INTO cors_origins VALUES ('https://old.example.com')`); err != nil {
		t.Fatal(err)
	}

	a, b := startInstance(t, ctx, dsn), startInstance(t, ctx, dsn)
	const added, removed = "https://app.example.com", "https://old.example.com"
	within(t, 5*time.Second, "both instances start with the table", func() bool { return a.allows(t, removed) && b.allows(t, removed) })
	if a.allows(t, added) || b.allows(t, added) {
		t.Fatal("allowed before it was added")
	}

	a.admin(t, http.MethodPost, added)
	took := within(t, time.Second, "the other instance allows the origin added through the first", func() bool { return b.allows(t, added) })
	t.Logf("added through instance A, allowed by instance B after %v", took)

	a.admin(t, http.MethodDelete, removed)
	took = within(t, time.Second, "the other instance refuses the origin removed through the first", func() bool { return !b.allows(t, removed) })
	t.Logf("removed through instance A, refused by instance B after %v", took)
	if a.allows(t, removed) || !a.allows(t, added) {
		t.Error("instance A out of step")
	}

	// A change made by hand (psql, a migration) reaches both too.
	if _, err := setup.ExecContext(ctx, `INSERT INTO cors_origins VALUES ('https://psql.example.com')`); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "a change made outside the instances", func() bool {
		return a.allows(t, "https://psql.example.com") && b.allows(t, "https://psql.example.com")
	})

	// The listening connections are cut: the instances keep answering from
	// their policy, reconnect, and catch up with changes made meanwhile.
	if _, err := setup.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	if !b.allows(t, added) {
		t.Fatal("policy lost when the listening connection was cut")
	}
	if _, err := setup.ExecContext(ctx, `DELETE FROM cors_origins WHERE origin = 'https://psql.example.com'`); err != nil {
		t.Fatal(err)
	}
	took = within(t, 5*time.Second, "a change made while reconnecting", func() bool {
		return !a.allows(t, "https://psql.example.com") && !b.allows(t, "https://psql.example.com")
	})
	t.Logf("after the listening connections were cut, a change was in force after %v", took)

	// A malformed row is skipped by both; the rest stays in force.
	if _, err := setup.ExecContext(ctx, `INSERT INTO cors_origins VALUES ('not an origin'), ('https://b.example.com')`); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "rows beside a malformed one", func() bool { return b.allows(t, "https://b.example.com") && b.allows(t, added) })
	if st := b.origins.Status(); len(st.Skipped) != 1 || st.Skipped[0].Value != "not an origin" {
		t.Errorf("skipped: %v", st.Skipped)
	}
}

func TestConfigErrors(t *testing.T) {
	ctx := context.Background()
	if err := pgorigins.Listen(ctx, pgorigins.Config{}); err == nil {
		t.Error("Listen without a Reloader or ConnString")
	}
	db, _ := sql.Open("pgx", "postgres://127.0.0.1:1/none")
	defer db.Close()
	r, err := sqlorigins.New(sqlorigins.Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	if err := pgorigins.Listen(ctx, pgorigins.Config{ConnString: "postgres://127.0.0.1:1/none", Reloader: r, Channel: "a'; NOTIFY x; --"}); err == nil || !strings.Contains(err.Error(), "Channel") {
		t.Errorf("hostile channel: %v", err)
	}
	if err := pgorigins.InstallTrigger(ctx, db, `t"; DROP TABLE x; --`, ""); err == nil || !strings.Contains(err.Error(), "table") {
		t.Errorf("hostile table: %v", err)
	}
}
