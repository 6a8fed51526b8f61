package pgorigins_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/corsheaders/corsheaders/core/sqlorigins"
	"github.com/corsheaders/corsheaders/pgorigins"
)

// readCounter counts the Reloader's reads of the table, from the record it
// logs after each one.
type readCounter struct{ n atomic.Int64 }

func (c *readCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *readCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "sqlorigins: allowed origins read" {
		c.n.Add(1)
	}
	return nil
}
func (c *readCounter) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *readCounter) WithGroup(string) slog.Handler      { return c }

// Any role that can connect may NOTIFY any channel. A flood of
// notifications from a role with no privilege at all must cost each
// instance a bounded number of reads of a large table (at most 2 +
// flood/MinInterval), and the change notified last must still be in force
// after it.
func TestNotifyFlood(t *testing.T) {
	dsn := dsn(t)
	ctx := context.Background()
	setup, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer setup.Close()
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS flood_origins (origin text PRIMARY KEY)`,
		`DROP ROLE IF EXISTS flooder`,
		`CREATE ROLE flooder LOGIN`, // no privilege on any table
	} {
		if _, err := setup.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		for _, stmt := range []string{`DROP TABLE flood_origins`, `DROP ROLE flooder`} {
			if _, err := setup.ExecContext(ctx, stmt); err != nil {
				t.Log(err)
			}
		}
	}()
	if err := pgorigins.InstallTrigger(ctx, setup, "flood_origins", "flood"); err != nil {
		t.Fatal(err)
	}
	// 300 notifications as fast as one connection sends them, under the
	// default interval; then one every 5 ms for 2 seconds under a shorter
	// one.
	t.Run("burst", func(t *testing.T) { flood(t, setup, dsn, 0, 300, 0) })
	t.Run("sustained", func(t *testing.T) { flood(t, setup, dsn, 200*time.Millisecond, 400, 5*time.Millisecond) })
}

func flood(t *testing.T, setup *sql.DB, dsn string, interval time.Duration, notifications int, pace time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const rows = 20_000
	for _, stmt := range []string{
		`TRUNCATE flood_origins`,
		`INSERT INTO flood_origins SELECT 'https://h' || g || '.example.com' FROM generate_series(1, 20000) g`,
	} {
		if _, err := setup.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	var reads readCounter
	r, err := sqlorigins.New(sqlorigins.Config{DB: setup, Table: "flood_origins", Interval: time.Hour, Logger: slog.New(&reads)})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	listened := make(chan error, 1)
	go func() {
		listened <- pgorigins.Listen(ctx, pgorigins.Config{ConnString: dsn, Channel: "flood", Reloader: r, Logger: quiet, MinInterval: interval})
	}()
	if interval == 0 {
		interval = pgorigins.DefaultMinInterval
	}
	within(t, 10*time.Second, "listening, table read once", func() bool {
		var n int
		err := setup.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "flood"' AND state = 'idle'`).Scan(&n)
		return err == nil && n == 1 && reads.n.Load() >= 1 && r.Status().Origins == rows
	})
	before := reads.n.Load()

	cc, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cc.User = "flooder"
	flooder, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	defer flooder.Close(context.Background())
	start := time.Now()
	for range notifications {
		if _, err := flooder.Exec(ctx, `NOTIFY flood`); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pace)
	}
	// The last notification carries a real change.
	if _, err := setup.ExecContext(ctx, `INSERT INTO flood_origins VALUES ('https://last.example.com')`); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	inForce := within(t, 2*interval+5*time.Second, "the change notified last is in force", func() bool { return r.Status().Origins == rows+1 })
	// Whatever reads the flood still owes come within the interval.
	time.Sleep(2*interval + 2*r.Status().Took)
	got := reads.n.Load() - before
	limit := 2 + int64(took/interval)
	t.Logf("%d notifications in %v from a role without privilege, MinInterval %v: %d reads of a %d-row table (limit %d; one read takes %v); the change notified last in force %v after the flood",
		notifications+1, took.Round(time.Millisecond), interval, got, rows, limit, r.Status().Took.Round(time.Millisecond), inForce.Round(time.Millisecond))
	if got > limit {
		t.Errorf("%d reads for %v of notifications, want at most %d (2 + %v/%v)", got, took.Round(time.Millisecond), limit, took.Round(time.Millisecond), interval)
	}
	cancel()
	if err := <-listened; err != context.Canceled {
		t.Errorf("Listen returned %v, want context.Canceled", err)
	}
}
