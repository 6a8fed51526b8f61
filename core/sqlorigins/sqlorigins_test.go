package sqlorigins_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

const spa = "https://app.example.com"

// allowed reports whether the Reloader's policy grants origin an actual
// request, as a server would answer it.
func allowed(src core.Source, origin string) bool {
	r := httptest.NewRequest(http.MethodGet, "/api/items", nil)
	r.Header.Set("Origin", origin)
	h := http.Header{}
	core.Handle(src, h, r)
	return h.Get("Access-Control-Allow-Origin") == origin
}

func newReloader(t *testing.T, tb *table, cfg sqlorigins.Config) (*sqlorigins.Reloader, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg.DB = tb.open()
	t.Cleanup(func() { _ = cfg.DB.Close() })
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r, err := sqlorigins.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r, &logs
}

func TestLoadsAndRefreshes(t *testing.T) {
	tb := &table{}
	tb.set(spa)
	r, logs := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowedOrigins: []string{"https://static.example.com"}, AllowCredentials: true}})
	if allowed(r, spa) {
		t.Fatal("allowed before the table was read")
	}
	if !allowed(r, "https://static.example.com") {
		t.Fatal("Base's own origin not served before the first read")
	}
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := tb.lastQuery(); got != `SELECT "origin" FROM "cors_origins"` {
		t.Errorf("query %q", got)
	}
	if !allowed(r, spa) || !allowed(r, "https://static.example.com") {
		t.Fatal("table's or Base's origin refused after a read")
	}
	tb.set("https://new.example.com")
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if allowed(r, spa) || !allowed(r, "https://new.example.com") {
		t.Error("a removed origin still allowed, or an added one refused")
	}
	st := r.Status()
	if st.Origins != 1 || st.Err != nil || st.Loaded.IsZero() || len(st.Skipped) != 0 {
		t.Errorf("status %+v", st)
	}
	// The last origin removed: refused, though a policy that allows no
	// origin is one NewPolicy refuses to build from a Config as a likely
	// mistake. Base's own stays.
	tb.set()
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if allowed(r, "https://new.example.com") || !allowed(r, "https://static.example.com") {
		t.Error("emptying the table did not refuse its last origin")
	}
	empty, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowCredentials: true}})
	tb.set(spa)
	if err := empty.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	tb.set()
	if err := empty.Refresh(context.Background()); err != nil {
		t.Fatalf("an empty table with a Base that lists no origin: %v", err)
	}
	if allowed(empty, spa) {
		t.Error("emptying the table did not refuse its last origin (Base lists none)")
	}
	if !strings.Contains(logs.String(), "changed=true") {
		t.Errorf("no change event in the log:\n%s", logs)
	}
}

func TestMalformedRowsAreSkipped(t *testing.T) {
	tb := &table{}
	tb.set(spa, "not an origin", nil, "https://*.com", "https://ok.example.com/", "https://b.example.com")
	r, logs := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowCredentials: true}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{spa, "https://b.example.com"} {
		if !allowed(r, o) {
			t.Errorf("%s refused: a bad row broke the others", o)
		}
	}
	if allowed(r, "https://evil.com") {
		t.Error(`"https://*.com" with credentials was allowed`)
	}
	st := r.Status()
	var rows []int
	for _, s := range st.Skipped {
		rows = append(rows, s.Row)
	}
	if want := []int{1, 2, 3, 4}; !equal(rows, want) {
		t.Errorf("skipped rows %v, want %v (%v)", rows, want, st.Skipped)
	}
	if st.Origins != 2 {
		t.Errorf("origins %d, want 2", st.Origins)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 4 {
		t.Errorf("%d warnings, want 4:\n%s", n, logs)
	}
	// The error says what is wrong with the row, in NewPolicy's words.
	if msg := st.Skipped[0].Error(); !strings.Contains(msg, `row 1 skipped: corsheaders: cors_origins.origin[1] "not an origin"`) {
		t.Errorf("row error %q", msg)
	}
}

// TestOddRows: rows users are likely to type; each is either served or
// skipped alone, never failing the whole read.
func TestOddRows(t *testing.T) {
	odd := []any{"*", "ws://x.example.com", "https://a.example.com,https://b.example.com", " https://c.example.com",
		"HTTPS://UPPER.EXAMPLE.COM", "https://*.example.org", "null", "file://", "https://example.com:443", "http://localhost:*", ""}
	tb := &table{}
	tb.set(append([]any{spa}, odd...)...)
	r, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowCredentials: true}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatalf("odd rows failed the read: %v", err)
	}
	if !allowed(r, spa) || !allowed(r, "https://upper.example.com") || !allowed(r, "https://x.example.org") {
		t.Error("valid rows beside odd ones refused")
	}
	st := r.Status()
	if st.Origins+len(st.Skipped) != len(odd)+1 {
		t.Errorf("%d served + %d skipped != %d rows", st.Origins, len(st.Skipped), len(odd)+1)
	}
	for _, s := range st.Skipped {
		t.Logf("skipped: %v", s)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDatabaseGoneAndBack(t *testing.T) {
	tb := &table{}
	tb.set(spa)
	r, logs := newReloader(t, tb, sqlorigins.Config{})
	ctx := context.Background()
	if err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	tb.setDown(true)
	for range 3 {
		if err := r.Refresh(ctx); err == nil {
			t.Fatal("a read of a database that is down succeeded")
		}
		if !allowed(r, spa) {
			t.Fatal("the last good policy was dropped while the database is down")
		}
	}
	if st := r.Status(); st.Err == nil || st.Origins != 1 {
		t.Errorf("status while down: %+v", st)
	}
	if !strings.Contains(logs.String(), "the policy in force is kept") {
		t.Errorf("no error event:\n%s", logs)
	}
	tb.set("https://back.example.com")
	tb.setDown(false)
	if err := r.Refresh(ctx); err != nil {
		t.Fatalf("the database is back, the read failed: %v", err)
	}
	if !allowed(r, "https://back.example.com") || allowed(r, spa) {
		t.Error("the table read after the database came back is not in force")
	}
	if st := r.Status(); st.Err != nil {
		t.Errorf("status after recovery: %+v", st)
	}
}

func TestTimeoutKeepsThePolicy(t *testing.T) {
	tb := &table{}
	tb.set(spa)
	r, _ := newReloader(t, tb, sqlorigins.Config{Timeout: 20 * time.Millisecond})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	tb.mu.Lock()
	tb.delay = time.Minute
	tb.mu.Unlock()
	tb.set("https://other.example.com")
	err := r.Refresh(context.Background())
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("a read slower than Timeout: %v", err)
	}
	if !allowed(r, spa) {
		t.Error("policy lost on a timeout")
	}
	// The caller's context is honoured too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Refresh(ctx); err == nil {
		t.Error("a canceled context did not stop the read")
	}
}

func TestTenThousandRows(t *testing.T) {
	tb := &table{}
	rows := many(10_000)
	rows[5000] = "https://tenant-5000.example.com/path" // one bad row among them
	tb.set(rows...)
	r, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowCredentials: true}})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 4999, 5001, 9999} {
		if o := rows[i].(string); !allowed(r, o) {
			t.Errorf("%s refused", o)
		}
	}
	if allowed(r, "https://tenant-5000.example.com") || allowed(r, "https://tenant-10000.example.com") {
		t.Error("an origin not in the table is allowed")
	}
	st := r.Status()
	if st.Origins != 9999 || len(st.Skipped) != 1 || st.Skipped[0].Row != 5000 {
		t.Errorf("status: %d origins, skipped %v", st.Origins, st.Skipped)
	}
	// A table beyond MaxRows is refused whole, and the policy kept.
	r2, _ := newReloader(t, tb, sqlorigins.Config{MaxRows: 9999})
	if err := r2.Refresh(context.Background()); err == nil || !strings.Contains(err.Error(), "MaxRows") {
		t.Errorf("MaxRows: %v", err)
	}
}

func TestRunReadsOnSchedule(t *testing.T) {
	tb := &table{}
	r, _ := newReloader(t, tb, sqlorigins.Config{Interval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Run(ctx) }()
	tb.set(spa)
	deadline := time.Now().Add(5 * time.Second)
	for !allowed(r, spa) {
		if time.Now().After(deadline) {
			t.Fatal("Run never put the new origin in force")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run returned %v", err)
	}
}

func TestAnswersWhileReloading(t *testing.T) {
	tb := &table{}
	tb.set(many(500)...)
	r, _ := newReloader(t, tb, sqlorigins.Config{})
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if !allowed(r, "https://tenant-1.example.com") {
					t.Error("an origin in every version of the table was refused during a reload")
					return
				}
			}
		}()
	}
	for i := range 20 {
		rows := many(500)
		rows[0] = rows[i+2]
		tb.set(rows...)
		if i%5 == 0 {
			tb.setDown(true)
		}
		_ = r.Refresh(context.Background())
		tb.setDown(false)
	}
	close(stop)
	wg.Wait()
}

func TestConfigErrors(t *testing.T) {
	db := (&table{}).open()
	defer db.Close()
	for _, tc := range []struct {
		cfg  sqlorigins.Config
		want string
	}{
		{sqlorigins.Config{}, "Config.DB is nil"},
		{sqlorigins.Config{DB: db, Table: `origins"; DROP TABLE users; --`}, "Config.Table"},
		{sqlorigins.Config{DB: db, Column: "1origin"}, "Config.Column"},
		{sqlorigins.Config{DB: db, Table: "a.b.c"}, "at most one"},
		{sqlorigins.Config{DB: db, Base: core.Config{AllowedOrigins: []string{"bad"}}}, "Config.Base"},
		{sqlorigins.Config{DB: db, Interval: -1}, "negative"},
		{sqlorigins.Config{DB: db, Base: core.Config{AllowAllOrigins: true}}, "AllowAllOrigins"},
	} {
		if _, err := sqlorigins.New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", tc.cfg, err, tc.want)
		}
	}
	r, err := sqlorigins.New(sqlorigins.Config{DB: db, Table: "tenant_7.allowed", Column: "Origin"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Query(); got != `SELECT "Origin" FROM "tenant_7"."allowed"` {
		t.Errorf("query %q", got)
	}
	r, _ = sqlorigins.New(sqlorigins.Config{DB: db, Quote: sqlorigins.QuoteBackticks})
	if got := r.Query(); got != "SELECT `origin` FROM `cors_origins`" {
		t.Errorf("query %q", got)
	}
}

func TestPerPathBase(t *testing.T) {
	rules := []core.PathRule{
		{Prefix: "/feed", Config: core.Config{AllowAllOrigins: true}},
		{Regex: "/api/", Config: core.Config{AllowedOrigins: []string{"https://static.example.com"}, AllowCredentials: true}},
	}
	at := func(src core.Source, path, origin string) bool {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Origin", origin)
		h := http.Header{}
		core.Handle(src, h, r)
		return h.Get("Access-Control-Allow-Origin") == origin
	}
	tb := &table{}
	tb.set(spa, "https://*.com") // the second is refused under the API rule's credentials
	// By default the table's origins join the Config outside the rules.
	outside, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{Paths: rules}})
	if err := outside.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !at(outside, "/other", spa) || at(outside, "/api/x", spa) {
		t.Error("table origins outside the rules: wrong areas")
	}
	// With Rule, they join that rule's, beside its own.
	api, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{Paths: rules}, Rule: "/api/"})
	if err := api.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !at(api, "/api/x", spa) || !at(api, "/api/x", "https://static.example.com") || at(api, "/other", spa) {
		t.Error("table origins in the API rule: wrong areas")
	}
	if st := api.Status(); len(st.Skipped) != 1 || st.Skipped[0].Row != 1 {
		t.Errorf("skipped %v", st.Skipped)
	}
	if _, err := sqlorigins.New(sqlorigins.Config{DB: tb.open(), Base: core.Config{Paths: rules}, Rule: "/nope"}); err == nil {
		t.Error("a Rule naming no rule was accepted")
	}
}

// BenchmarkRefresh10000 measures one read and compilation of 10,000
// origins, the driver being an in-memory one: the cost of the Reloader and
// of NewPolicy, not of a database.
func BenchmarkRefresh10000(b *testing.B) {
	tb := &table{}
	tb.set(many(10_000)...)
	db := tb.open()
	defer db.Close()
	r, err := sqlorigins.New(sqlorigins.Config{DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	// Two versions of the table, one origin apart, so that every read
	// changes the policy and swaps it.
	versions := [2][]any{many(10_000), many(10_000)}
	versions[1][0] = "https://changed.example.com"
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tb.set(versions[i%2]...)
		if err := r.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// A skipped row's value reaches the log escaped: a row is data anyone with
// write access to the table chose, and logs are read on terminals. JSON
// handlers pass C1 controls and bidi overrides through as they are.
func TestSkippedRowLoggedEscaped(t *testing.T) {
	tb := &table{}
	tb.set(spa, "https://a.example.com\u009b2J", "https://\u202eevil.example.com", "\x1b]0;title\x07")
	var logs bytes.Buffer
	db := tb.open()
	t.Cleanup(func() { _ = db.Close() })
	r, err := sqlorigins.New(sqlorigins.Config{DB: db, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Status().Skipped); n != 3 {
		t.Fatalf("%d rows skipped, want 3", n)
	}
	// Decoded, as a log viewer shows it: no raw control or override.
	for line := range strings.Lines(logs.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		for _, field := range []string{"value", "error"} {
			v, _ := rec[field].(string)
			if strings.ContainsAny(v, "\u009b\u202e\x1b\x07") {
				t.Errorf("the log's %s holds a control or override raw: %q", field, v)
			}
		}
	}
	if !strings.Contains(logs.String(), `\\u202e`) {
		t.Errorf("the log does not show the escaped override:\n%s", logs.String())
	}
}
