package sqlorigins_test

import (
	"context"
	"errors"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// TestApply: changes take effect without a read of the table, a bad row
// is skipped and named by its index in the changes, and the rows of one
// origin are counted: it goes with the last of them.
func TestApply(t *testing.T) {
	ctx := context.Background()
	tb := &table{}
	tb.set("https://a.example", "HTTPS://A.EXAMPLE:443", "https://b.example")
	r, _ := newReloader(t, tb, sqlorigins.Config{Base: core.Config{AllowedOrigins: []string{"https://base.example"}, AllowCredentials: true}})
	if err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	tb.setDown(true) // Apply never reads the table
	skipped, err := r.Apply(ctx, []sqlorigins.Change{
		{Added: true, Value: "https://c.example"},
		{Added: true, Value: "http://insecure.example"}, // refused with credentials
		{Added: false, Value: "https://a.example"},      // another row still spells it
		{Added: false, Value: "https://b.example"},
		{Added: true, Value: "null"},
		{Added: false, Value: "https://base.example"}, // Base's, and no row's
		{Added: true, Value: "https://d.example"},
		{Added: false, Value: "https://d.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 2 || skipped[0].Row != 1 || skipped[1].Row != 4 {
		t.Errorf("skipped %+v", skipped)
	}
	var ce *core.ConfigError
	if !errors.As(skipped[0].Err, &ce) || ce.Field != "cors_origins.origin" || ce.Index != 1 {
		t.Errorf("skipped[0]: %v", skipped[0].Err)
	}
	for o, want := range map[string]bool{
		"https://a.example": true, "https://b.example": false, "https://c.example": true,
		"https://d.example": false, "https://base.example": true, "http://insecure.example": false,
	} {
		if got := allowed(r, o); got != want {
			t.Errorf("%q allowed %v, want %v", o, got, want)
		}
	}
	if _, err := r.Apply(ctx, []sqlorigins.Change{{Value: "HTTPS://A.EXAMPLE:443"}}); err != nil {
		t.Fatal(err)
	}
	if allowed(r, "https://a.example") {
		t.Error("the last row of an origin removed, still allowed")
	}
}

// TestLoadRepairsDrift: a change applied that the table does not hold is
// found by the next read, counted, and undone.
func TestLoadRepairsDrift(t *testing.T) {
	ctx := context.Background()
	tb := &table{}
	tb.set("https://a.example")
	r, _ := newReloader(t, tb, sqlorigins.Config{})
	if err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Apply(ctx, []sqlorigins.Change{{Added: true, Value: "https://ghost.example"}, {Value: "https://a.example"}}); err != nil {
		t.Fatal(err)
	}
	a := "https://a.example"
	drift, err := r.Load(ctx, []*string{&a})
	if err != nil || drift != 2 {
		t.Errorf("drift %d, %v; want 2", drift, err)
	}
	if allowed(r, "https://ghost.example") || !allowed(r, a) {
		t.Error("drift not repaired")
	}
	p := r.Policy()
	if drift, _ := r.Load(ctx, []*string{&a}); drift != 0 || r.Policy() != p {
		t.Errorf("a read that changes nothing: drift %d, policy replaced %v", drift, r.Policy() != p)
	}
}

// TestApplyWithRule: origins joined to a rule of Paths are changed by
// reading the table.
func TestApplyWithRule(t *testing.T) {
	tb := &table{}
	r, _ := newReloader(t, tb, sqlorigins.Config{Rule: "/api/", Base: core.Config{
		AllowedOrigins: []string{"https://a.example"},
		Paths:          []core.PathRule{{Prefix: "/api/", Config: core.Config{AllowedOrigins: []string{"https://b.example"}}}},
	}})
	if _, err := r.Apply(context.Background(), []sqlorigins.Change{{Added: true, Value: "https://c.example"}}); !errors.Is(err, sqlorigins.ErrNeedsRead) {
		t.Errorf("err %v", err)
	}
}
