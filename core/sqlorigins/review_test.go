package sqlorigins_test

import (
	"context"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// Review of issue 16: rows that would widen the policy beyond the origins
// they name, written by whoever can write the table.
func TestHostileRows(t *testing.T) {
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
