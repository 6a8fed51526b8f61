package core

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
)

// manyOrigins lists n origins on distinct hosts, and two on the host the
// refused request uses, so that Explain has a near miss to name.
func manyOrigins(n int) []string {
	origins := []string{"https://app.example.com:8443", "http://app.example.com"}
	for i := range n {
		origins = append(origins, fmt.Sprintf("https://tenant-%d.example.net", i))
	}
	return origins
}

// A policy with a DebugLogger explains every refused request; the hint's
// look-up of listed origins on the request's host must not walk the list.
func TestExplainLooksUpEntriesByHost(t *testing.T) {
	p := MustPolicy(Config{AllowedOrigins: manyOrigins(10000), DebugLogger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	got := p.exactWithHost("app.example.com")
	if len(got) != 2 {
		t.Fatalf("exactWithHost(app.example.com) = %d entries, want the 2 on that host", len(got))
	}
	d := p.Decide(Request{Method: "GET", Path: "/", Origin: []string{"https://app.example.com"}})
	e := p.explainRequest(Request{Method: "GET", Path: "/", Origin: []string{"https://app.example.com"}})
	if d.Allowed() || e.Hint == "" {
		t.Fatalf("refused origin next to listed ones: allowed %v, hint %q; want refused with a hint", d.Allowed(), e.Hint)
	}
	// Without a DebugLogger, Explain still finds the near miss.
	q := MustPolicy(Config{AllowedOrigins: manyOrigins(10)})
	if h := q.explainRequest(Request{Method: "GET", Path: "/", Origin: []string{"https://app.example.com"}}).Hint; h != e.Hint {
		t.Fatalf("hint without the index %q, with it %q", h, e.Hint)
	}
}

// disabledHandler is a slog handler that takes no record, as a handler set
// to a level above Info does.
type disabledHandler struct{ slog.Handler }

func (disabledHandler) Enabled(context.Context, slog.Level) bool { return false }

// A DebugLogger whose handler would drop the line costs nothing: the
// explanation is not built.
func TestDisabledDebugLoggerAllocatesNothing(t *testing.T) {
	p := MustPolicy(Config{
		AllowedOrigins: manyOrigins(100),
		DebugLogger:    slog.New(disabledHandler{slog.NewTextHandler(io.Discard, nil)}),
	})
	r := Request{Method: "GET", Path: "/", Origin: []string{"https://evil.example.org"}}
	if n := testing.AllocsPerRun(100, func() { p.Decide(r) }); n != 0 {
		t.Fatalf("a refused request with a disabled DebugLogger allocated %v times, want 0", n)
	}
}

// BenchmarkDecideDebugRefused is a refused request explained in the debug
// log, as the list of allowed origins grows: the cost must stay flat.
func BenchmarkDecideDebugRefused(b *testing.B) {
	for _, n := range []int{10, 10000, 100000} {
		b.Run(fmt.Sprint(n, "-origins"), func(b *testing.B) {
			p := MustPolicy(Config{AllowedOrigins: manyOrigins(n), DebugLogger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			r := Request{Method: "GET", Path: "/", Origin: []string{"https://app.example.com"}}
			b.ReportAllocs()
			for b.Loop() {
				p.Decide(r)
			}
		})
	}
}
