package sqlorigins_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// Rows that would widen the policy beyond the origins they name, written
// by whoever can write the table, are skipped; the valid rows apply.
func TestRowsWideningThePolicyAreSkipped(t *testing.T) {
	tb := &table{}
	r, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowCredentials: true}})
	tb.set("https://ok.example", "null", "*", "https://*", "http://*.com", "https://*.github.io", "HTTPS://OK2.EXAMPLE", "https://ok.example/", "https://ok.example\n", "", "https://ok.example' OR '1'='1")
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"null", "https://evil.com", "http://evil.com", "https://evil.github.io"} {
		if allowed(r, o) {
			t.Errorf("a row made %s allowed", o)
		}
	}
	if !allowed(r, "https://ok.example") {
		t.Errorf("the valid row is not allowed")
	}
	if n := r.Status().Origins; n != 2 {
		t.Errorf("%d origins in force, want 2 (ok.example, ok2.example): %+v", n, r.Status())
	}
}

// An error in the middle of the result (rows.Err), or a table over
// MaxRows, keeps the policy in force whole: never a policy built from the
// rows read before the break.
func TestPartialReadKeepsPolicy(t *testing.T) {
	tb := &table{}
	r, _ := newReloader(t, tb, sqlorigins.Config{MaxRows: 3})
	tb.set("https://a.example", "https://b.example")
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][]any{
		{"https://c.example", errors.New("connection reset mid-result"), "https://d.example"},
		{"https://c.example", "https://d.example", "https://e.example", "https://f.example"},
	} {
		tb.set(rows...)
		if err := r.Refresh(context.Background()); err == nil {
			t.Errorf("%v: Refresh succeeded", rows)
		}
		if !allowed(r, "https://a.example") || !allowed(r, "https://b.example") || allowed(r, "https://c.example") {
			t.Errorf("%v: the policy in force changed after a failed read", rows)
		}
		if r.Status().Err == nil {
			t.Errorf("%v: Status has no error", rows)
		}
	}
	// A cancelled context fails the read too, and keeps the policy.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tb.set("https://c.example")
	if err := r.Refresh(ctx); err == nil || !allowed(r, "https://a.example") {
		t.Errorf("a cancelled Refresh: %v, a.example allowed %v", err, allowed(r, "https://a.example"))
	}
}

// A huge row is skipped, and the log line about it stays small.
func TestHugeRowLogIsBounded(t *testing.T) {
	tb := &table{}
	r, logs := newReloader(t, tb, sqlorigins.Config{})
	tb.set("https://ok.example", "https://"+strings.Repeat("a", 1<<20)+".example")
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Status().Skipped); n != 1 {
		t.Fatalf("%d rows skipped, want 1", n)
	}
	if logs.Len() > 16<<10 {
		t.Errorf("the logs hold %d bytes for one 1 MiB row", logs.Len())
	}
}
