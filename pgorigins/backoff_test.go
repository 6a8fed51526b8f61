package pgorigins

import (
	"testing"
	"time"
)

// A server that drops every connection right after LISTEN succeeds must
// not reset the wait to MinBackoff each time, or every instance would
// reconnect (and re-read the table) ten times a second.
func TestBackoffGrowsWhenConnectionsDropAtOnce(t *testing.T) {
	cfg := Config{MinBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second}
	backoff := cfg.MinBackoff
	for range 10 {
		backoff = afterLoss(backoff, time.Now(), cfg) // listened, then lost at once
		backoff = min(2*backoff, cfg.MaxBackoff)
	}
	if backoff != cfg.MaxBackoff {
		t.Errorf("after 10 connections dropped at once the wait is %v, want %v", backoff, cfg.MaxBackoff)
	}
	if got := afterLoss(cfg.MaxBackoff, time.Now().Add(-cfg.MaxBackoff), cfg); got != cfg.MinBackoff {
		t.Errorf("after a connection that lasted MaxBackoff the wait is %v, want MinBackoff", got)
	}
	if got := afterLoss(time.Second, time.Time{}, cfg); got != time.Second {
		t.Errorf("after a failed connect the wait is %v, want it kept", got)
	}
	for _, d := range []time.Duration{0, 1, time.Millisecond, 10 * time.Second} {
		for range 100 {
			if j := jitter(d); j < d/2 || j > d {
				t.Fatalf("jitter(%v) = %v, outside [d/2, d]", d, j)
			}
		}
	}
}
