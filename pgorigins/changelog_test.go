package pgorigins_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
	"github.com/corsheaders/corsheaders/pgorigins"
)

// syncBuffer is a log that goroutines write while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logInstance is one instance following the change log, in this process.
type logInstance struct {
	r    *sqlorigins.Reloader
	logs *syncBuffer
}

func startLogInstance(ctx context.Context, t *testing.T, db *sql.DB, dsn, table string, fullRead time.Duration) *logInstance {
	t.Helper()
	logs := new(syncBuffer)
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	r, err := sqlorigins.New(sqlorigins.Config{DB: db, Table: table, Interval: time.Hour, Logger: logger, Base: core.Config{AllowCredentials: true}})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = pgorigins.Listen(ctx, pgorigins.Config{
			ConnString: listenerDSN(dsn), Channel: table, Reloader: r, Logger: logger, ChangeLog: true, Table: table,
			MaxBackoff: 200 * time.Millisecond, PollInterval: 200 * time.Millisecond, FullReadInterval: fullRead,
		})
	}()
	return &logInstance{r: r, logs: logs}
}

// listenerDSN names the listening connections, so that a test can kill
// them.
func listenerDSN(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "application_name=pgorigins_listener"
}

// killListeners terminates the listening connections and says how many
// there were.
func killListeners(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'pgorigins_listener'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// origins is what the instance allows, sorted.
func (in *logInstance) origins() []string {
	var out []string
	for o := range in.r.Policy().Origins() {
		out = append(out, o)
	}
	slices.Sort(out)
	return out
}

// tableOrigins is what the table holds, in normal form, sorted.
func tableOrigins(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT origin FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if k, ok := core.OriginKey(s.String); ok && s.Valid {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func execAll(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestChangeLog: instances that follow the change log apply inserts,
// deletes, updates and a truncation; catch up from the log after their
// connection is killed; read the table whole when the log was pruned past
// them; ignore what a notification says; and repair, at the periodic full
// read, a change the log never saw.
func TestChangeLog(t *testing.T) {
	dsn := dsn(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const table = "log_origins"
	execAll(t, db,
		`DROP TABLE IF EXISTS log_origins, log_origins_log, log_origins_log_state`,
		`DROP SEQUENCE IF EXISTS log_origins_log_seq`,
		`CREATE TABLE log_origins (id serial PRIMARY KEY, origin text)`,
		`INSERT INTO log_origins (origin) VALUES ('https://seed.example.com'), ('https://Twice.example.com'), ('https://twice.example.com:443')`,
	)
	defer execAll(t, db, `DROP TABLE log_origins, log_origins_log, log_origins_log_state`, `DROP SEQUENCE log_origins_log_seq`)
	if err := pgorigins.InstallChangeLog(ctx, db, table, "origin", table); err != nil {
		t.Fatal(err)
	}
	a := startLogInstance(ctx, t, db, dsn, table, time.Hour)
	b := startLogInstance(ctx, t, db, dsn, table, 500*time.Millisecond)
	converged := func(what string) {
		t.Helper()
		want := tableOrigins(t, db, table)
		for i, in := range []*logInstance{a, b} {
			took := within(t, 5*time.Second, fmt.Sprintf("%s: instance %d converges", what, i), func() bool { return slices.Equal(in.origins(), want) })
			t.Logf("%s: instance %d in step with the table (%d origins) after %v", what, i, len(want), took.Round(time.Millisecond))
		}
	}
	converged("first read")

	execAll(t, db,
		`INSERT INTO log_origins (origin) VALUES ('https://a.example.com'), ('https://b.example.com'), ('http://insecure.example.com'), (NULL)`,
		`DELETE FROM log_origins WHERE origin = 'https://seed.example.com'`,
		`UPDATE log_origins SET origin = 'https://b2.example.com' WHERE origin = 'https://b.example.com'`,
		// One of two spellings of one origin goes: the origin stays.
		`DELETE FROM log_origins WHERE origin = 'https://Twice.example.com'`,
	)
	tableNow := tableOrigins(t, db, table)
	// http:// is refused with credentials: in the table, never in force.
	want := slices.DeleteFunc(slices.Clone(tableNow), func(s string) bool { return strings.HasPrefix(s, "http://") })
	for i, in := range []*logInstance{a, b} {
		within(t, 5*time.Second, fmt.Sprintf("changes: instance %d", i), func() bool { return slices.Equal(in.origins(), want) })
	}
	execAll(t, db, `DELETE FROM log_origins WHERE origin LIKE 'http://%' OR origin IS NULL`)
	converged("changes")

	// A notification says nothing: its payload is never applied.
	execAll(t, db, `SELECT pg_notify('log_origins', 'https://evil.example.com')`)
	time.Sleep(300 * time.Millisecond)
	for _, in := range []*logInstance{a, b} {
		if slices.Contains(in.origins(), "https://evil.example.com") {
			t.Fatal("a notification's payload was applied")
		}
	}

	// Connections killed, changes made meanwhile: caught up from the log,
	// not by a read of the whole table.
	reads := strings.Count(a.logs.String(), "allowed origins read")
	if n := killListeners(t, db); n != 2 {
		t.Fatalf("%d listening connections killed, want 2", n)
	}
	execAll(t, db, `INSERT INTO log_origins (origin) VALUES ('https://while-away.example.com')`)
	converged("after the connections were killed")
	if got := strings.Count(a.logs.String(), "allowed origins read"); got != reads {
		t.Errorf("instance 0 read the table %d times to catch up; the log should have served", got-reads)
	}
	if !strings.Contains(a.logs.String(), "reconnecting") {
		t.Error("instance 0 never lost its connection")
	}

	// The log pruned past an instance's last change while it was away
	// (it reconnects 50 ms at the soonest): it reads the table.
	within(t, 5*time.Second, "both listening again", func() bool {
		var n int
		_ = db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgorigins_listener'`).Scan(&n)
		return n == 2
	})
	reads = strings.Count(a.logs.String(), "allowed origins read")
	if n := killListeners(t, db); n != 2 {
		t.Fatalf("%d listening connections killed, want 2", n)
	}
	execAll(t, db, `INSERT INTO log_origins (origin) VALUES ('https://before-pruning.example.com')`)
	if _, err := pgorigins.PruneChangeLog(ctx, db, table, 0); err != nil {
		t.Fatal(err)
	}
	converged("after pruning")
	if got := strings.Count(a.logs.String(), "allowed origins read"); got != reads+1 {
		t.Errorf("instance 0 read the table %d times after the log was pruned past it, want 1", got-reads)
	}

	execAll(t, db, `TRUNCATE log_origins`, `INSERT INTO log_origins (origin) VALUES ('https://after-truncate.example.com')`)
	converged("after TRUNCATE")

	// A change the log never saw: instance b's periodic read repairs it
	// and says so; instance a (an hour between reads) keeps the log's view.
	execAll(t, db,
		`ALTER TABLE log_origins DISABLE TRIGGER log_origins_log_change`,
		`INSERT INTO log_origins (origin) VALUES ('https://unlogged.example.com')`,
		`ALTER TABLE log_origins ENABLE TRIGGER log_origins_log_change`,
	)
	want = tableOrigins(t, db, table)
	within(t, 5*time.Second, "drift repaired", func() bool { return slices.Equal(b.origins(), want) })
	if !strings.Contains(b.logs.String(), "differed from the table; repaired") {
		t.Errorf("the drift was not reported:\n%s", b.logs.String())
	}
}

// TestChangeLogConcurrentWriters: changes committed by concurrent
// transactions, in any order, all reach the instance.
func TestChangeLogConcurrentWriters(t *testing.T) {
	dsn := dsn(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const table = "conc_origins"
	execAll(t, db,
		`DROP TABLE IF EXISTS conc_origins, conc_origins_log, conc_origins_log_state`,
		`DROP SEQUENCE IF EXISTS conc_origins_log_seq`,
		`CREATE TABLE conc_origins (origin text)`,
	)
	defer execAll(t, db, `DROP TABLE conc_origins, conc_origins_log, conc_origins_log_state`, `DROP SEQUENCE conc_origins_log_seq`)
	if err := pgorigins.InstallChangeLog(ctx, db, table, "origin", table); err != nil {
		t.Fatal(err)
	}
	in := startLogInstance(ctx, t, db, dsn, table, time.Hour)
	within(t, 5*time.Second, "first read", func() bool { return !in.r.Status().Loaded.IsZero() })
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				tx, err := db.Begin()
				if err != nil {
					t.Error(err)
					return
				}
				_, err = tx.Exec(`INSERT INTO conc_origins VALUES ($1)`, fmt.Sprintf("https://w%d-%d.example.com", w, i))
				if err == nil && i%3 == 0 {
					time.Sleep(time.Millisecond) // hold the transaction open
				}
				if err == nil && i%5 == 0 {
					err = tx.Rollback()
				} else if err == nil {
					err = tx.Commit()
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	want := tableOrigins(t, db, table)
	took := within(t, 5*time.Second, "all committed changes in force", func() bool { return slices.Equal(in.origins(), want) })
	t.Logf("%d origins from 8 concurrent writers in force %v after the last commit", len(want), took.Round(time.Millisecond))
}
