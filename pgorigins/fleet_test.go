package pgorigins_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

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

// instance is one API server of the fleet: a process of its own
// (internal/fleetapi), with its own connection pool, listening connection
// and policy. It shares nothing with the others but the database.
type instance struct {
	url string
}

// buildFleetAPI builds internal/fleetapi once for the test.
func buildFleetAPI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fleetapi")
	out, err := exec.Command("go", "build", "-o", bin, "./internal/fleetapi").CombinedOutput()
	if err != nil {
		t.Fatalf("building fleetapi: %v\n%s", err, out)
	}
	return bin
}

func startInstance(t *testing.T, bin, dsn, name string, flags ...string) *instance {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-dsn", dsn, "-addr", "127.0.0.1:0"}, flags...)...)
	cmd.Stderr = prefixWriter{name}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("%s did not start: %v", name, err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok {
		t.Fatalf("%s: unexpected first line %q", name, line)
	}
	return &instance{url: url}
}

// prefixWriter shows an instance's log lines in the test's output.
type prefixWriter struct{ name string }

func (w prefixWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		fmt.Fprintf(os.Stderr, "[%s] %s\n", w.name, line)
	}
	return len(p), nil
}

// skipped returns the values of the rows the instance skipped.
func (in *instance) skipped(t *testing.T) []string {
	t.Helper()
	res, err := http.Get(in.url + "/admin/status")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st struct{ Skipped []string }
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st.Skipped
}

func (in *instance) allows(t *testing.T, origin string) bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, in.url+"/api/items", nil)
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
		req, _ = http.NewRequest(method, in.url+"/admin/origins", strings.NewReader(url.Values{"origin": {origin}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, in.url+"/admin/origins?origin="+url.QueryEscape(origin), nil)
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

	bin := buildFleetAPI(t)
	a, b := startInstance(t, bin, dsn, "A"), startInstance(t, bin, dsn, "B")
	const added, removed = "https://app.example.com", "https://old.example.com"
	within(t, 5*time.Second, "both instances start with the table", func() bool { return a.allows(t, removed) && b.allows(t, removed) })
	// Both listen before any change is made, so that what follows is
	// carried by notifications, not by the read each instance makes once
	// it listens.
	listening := func() bool {
		var n int
		err := setup.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND state = 'idle'`).Scan(&n)
		return err == nil && n == 2
	}
	within(t, 5*time.Second, "both instances listening", listening)
	if a.allows(t, added) || b.allows(t, added) {
		t.Fatal("allowed before it was added")
	}

	a.admin(t, http.MethodPost, added)
	took := within(t, time.Second, "the other instance allows the origin added through the first", func() bool { return b.allows(t, added) })
	t.Logf("added through instance A, allowed by instance B after %v", took)

	a.admin(t, http.MethodDelete, removed)
	took = within(t, time.Second, "the other instance refuses the origin removed through the first", func() bool { return !b.allows(t, removed) })
	t.Logf("removed through instance A, refused by instance B after %v", took)
	// The instance the change went through hears of it the same way.
	within(t, time.Second, "instance A in step", func() bool { return !a.allows(t, removed) && a.allows(t, added) })

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
	within(t, time.Second, "both skip the malformed row and serve the rest", func() bool {
		for _, in := range []*instance{a, b} {
			if got := in.skipped(t); len(got) != 1 || got[0] != "not an origin" || !in.allows(t, "https://b.example.com") || !in.allows(t, added) {
				return false
			}
		}
		return true
	})

	// The database goes away and comes back: the instances answer from
	// their last good policy meanwhile, then listen again and catch up.
	stop, start := os.Getenv("PGORIGINS_TEST_STOP"), os.Getenv("PGORIGINS_TEST_START")
	if stop == "" || start == "" {
		t.Log("PGORIGINS_TEST_STOP/START not set: the restart of the database is not tried")
		return
	}
	shell(t, stop)
	for _, in := range []*instance{a, b} {
		if !in.allows(t, added) || in.allows(t, removed) {
			t.Fatal("an instance lost its policy while the database is down")
		}
	}
	time.Sleep(300 * time.Millisecond) // a few failed reconnections
	shell(t, start)
	took = within(t, 10*time.Second, "both instances listening again", listening)
	t.Logf("database restarted; both instances listening again after %v", took)
	if _, err := setup.ExecContext(ctx, `INSERT INTO cors_origins VALUES ('https://after-restart.example.com')`); err != nil {
		t.Fatal(err)
	}
	took = within(t, time.Second, "a change after the restart", func() bool {
		return a.allows(t, "https://after-restart.example.com") && b.allows(t, "https://after-restart.example.com")
	})
	t.Logf("after the restart, a change was in force on both after %v", took)
}

func shell(t *testing.T, command string) {
	t.Helper()
	if out, err := exec.Command("sh", "-c", command).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
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
