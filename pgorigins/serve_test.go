package pgorigins

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// fakeConn hands out the notifications sent to it as *pgx.Conn does: one
// already received is returned at once, even when ctx is done.
type fakeConn struct {
	mu       sync.Mutex
	received int
	arrived  chan struct{}
}

func newFakeConn() *fakeConn { return &fakeConn{arrived: make(chan struct{}, 1)} }

func (c *fakeConn) WaitForNotification(ctx context.Context) (*pgconn.Notification, error) {
	for {
		c.mu.Lock()
		if c.received > 0 {
			c.received--
			c.mu.Unlock()
			return &pgconn.Notification{Channel: DefaultChannel}, nil
		}
		c.mu.Unlock()
		select {
		case <-c.arrived:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// notify makes n notifications arrive together.
func (c *fakeConn) notify(n int) {
	c.mu.Lock()
	c.received += n
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

// reads records when each read of the table started and ended.
type reads struct {
	mu         sync.Mutex
	start, end []time.Time
	took       time.Duration
	during     func(n int) // called within the nth read (from 1)
	fail       int         // the first fail reads fail
}

func (r *reads) refresh(context.Context) error {
	r.mu.Lock()
	r.start = append(r.start, time.Now())
	n := len(r.start)
	r.mu.Unlock()
	if r.during != nil {
		r.during(n)
	}
	time.Sleep(r.took)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.end = append(r.end, time.Now())
	if n <= r.fail {
		return errors.New("the pool cannot reach the database")
	}
	return nil
}

func (r *reads) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.end)
}

// serveFake runs serve over conn until the test ends.
func serveFake(t *testing.T, conn *fakeConn, r *reads, interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, conn, r.refresh, Config{MinInterval: interval, MinBackoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("serve returned %v, want context.Canceled", err)
		}
	})
}

func waitReads(t *testing.T, r *reads, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for r.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d reads after %v, want %d", r.count(), limit, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// Notifications already received when a read starts are answered by that
// read: five of them after a quiet spell cost one read, made at once.
func TestNotificationsDrainedBeforeARead(t *testing.T) {
	const interval = 50 * time.Millisecond
	conn, r := newFakeConn(), &reads{}
	serveFake(t, conn, r, interval)
	waitReads(t, r, 1, time.Second) // on connecting
	time.Sleep(2 * interval)
	conn.notify(5)
	sent := time.Now()
	waitReads(t, r, 2, time.Second)
	if d := r.start[1].Sub(sent); d > interval/2 {
		t.Errorf("after a quiet spell, the read came %v after the notification, want at once", d)
	}
	time.Sleep(3 * interval)
	if got := r.count(); got != 2 {
		t.Errorf("5 notifications received together cost %d reads, want 1", got-1)
	}
}

// A burst within the interval costs one read, when the interval is over,
// after the last notification of the burst.
func TestBurstCostsOneTrailingRead(t *testing.T) {
	const interval = 100 * time.Millisecond
	conn, r := newFakeConn(), &reads{}
	serveFake(t, conn, r, interval)
	waitReads(t, r, 1, time.Second)
	conn.notify(300)
	last := time.Now()
	waitReads(t, r, 2, time.Second)
	time.Sleep(3 * interval)
	if got := r.count(); got != 2 {
		t.Errorf("a burst of 300 notifications cost %d reads, want 1", got-1)
	}
	if gap := r.start[1].Sub(r.end[0]); gap < interval {
		t.Errorf("reads %v apart, want at least %v", gap, interval)
	}
	if r.start[1].Before(last) {
		t.Error("no read after the last notification")
	}
}

// Notifications sent without pause for a while cost at most one read per
// interval, each at least the interval after the previous one ended, and
// one after the last.
func TestSustainedNotificationsRateLimited(t *testing.T) {
	const interval = 40 * time.Millisecond
	conn, r := newFakeConn(), &reads{took: 5 * time.Millisecond}
	serveFake(t, conn, r, interval)
	waitReads(t, r, 1, time.Second)
	start := time.Now()
	for time.Since(start) < 400*time.Millisecond {
		conn.notify(1)
		time.Sleep(100 * time.Microsecond)
	}
	flood := time.Since(start)
	last := time.Now()
	time.Sleep(2*interval + r.took)
	r.mu.Lock()
	defer r.mu.Unlock()
	got := len(r.end) - 1
	if limit := 2 + int(flood/interval); got > limit {
		t.Errorf("%v of notifications cost %d reads, want at most %d", flood, got, limit)
	}
	for i := 1; i < len(r.start); i++ {
		if gap := r.start[i].Sub(r.end[i-1]); gap < interval {
			t.Errorf("read %d started %v after the previous ended, want at least %v", i, gap, interval)
		}
	}
	if r.start[len(r.start)-1].Before(last) {
		t.Error("no read after the last notification")
	}
}

// A notification that arrives during a read may announce a change the read
// did not see: another read follows.
func TestNotificationDuringAReadIsNotLost(t *testing.T) {
	const interval = 30 * time.Millisecond
	conn, r := newFakeConn(), &reads{took: 10 * time.Millisecond}
	r.during = func(n int) {
		if n == 2 {
			conn.notify(1)
		}
	}
	serveFake(t, conn, r, interval)
	waitReads(t, r, 1, time.Second)
	time.Sleep(2 * interval)
	conn.notify(1)
	waitReads(t, r, 3, time.Second)
	time.Sleep(3 * interval)
	if got := r.count(); got != 3 {
		t.Errorf("%d reads, want 3 (on connecting, on the notification, after the one during that read)", got)
	}
}

// A read that fails is tried again after a growing wait, with no
// notification to prompt it.
func TestFailedReadRetried(t *testing.T) {
	conn, r := newFakeConn(), &reads{fail: 3}
	serveFake(t, conn, r, time.Hour)
	waitReads(t, r, 4, 2*time.Second)
	time.Sleep(100 * time.Millisecond)
	if got := r.count(); got != 4 {
		t.Errorf("%d reads after 3 failures then a success, want 4", got)
	}
}
