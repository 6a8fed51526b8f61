package core

import (
	"hash/maphash"
	"sync"
	"time"
)

// A limiter decides which disagreements become records: a token bucket
// shared by every origin, and a table of originSlots slots, origins hashed
// to them, each letting one record through per interval. Its size is fixed
// whatever the number of origins.
type limiter struct {
	unlimited bool
	every     int64 // nanoseconds between two tokens of the bucket
	burst     int64 // the bucket's size, in nanoseconds (tokens × every)
	interval  int64 // nanoseconds between two records of one slot
	seed      maphash.Seed
	start     time.Time
	now       func() int64 // nanoseconds since start; replaced in tests

	mu sync.Mutex
	// tat is when the bucket is full again (the "theoretical arrival
	// time" of the generic cell rate algorithm): a record is allowed while
	// tat - now leaves room for one more token.
	tat        int64
	slots      [originSlots]int64 // when each slot may let a record through
	suppressed int                // disagreements held back since the last record
}

// originSlots is the size of the limiter's table of origins.
const originSlots = 256

const (
	defaultRecordsPerMinute = 60
	defaultRecordBurst      = 10
	defaultOriginInterval   = time.Minute
)

// newLimiter returns a limiter letting through perMinute records a
// minute, burst at once, and one per interval for each slot of origins;
// zero values mean the defaults, unlimited means none of them.
func newLimiter(perMinute, burst int, interval time.Duration, unlimited bool) *limiter {
	perMinute = cmpOr(perMinute, defaultRecordsPerMinute)
	l := &limiter{
		unlimited: unlimited,
		every:     int64(time.Minute) / int64(perMinute),
		interval:  int64(cmpOr(interval, defaultOriginInterval)),
		seed:      maphash.MakeSeed(),
		start:     time.Now(),
	}
	l.burst = int64(cmpOr(burst, defaultRecordBurst)) * l.every
	l.now = func() int64 { return int64(time.Since(l.start)) }
	return l
}

// cmpOr is v, or def when v is zero or negative.
func cmpOr[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// allow reports whether a disagreement for origin (a bounded prefix of
// it) becomes a record, and then how many were held back before it; a
// disagreement held back is counted for the next record.
func (l *limiter) allow(origin string) (ok bool, suppressed int) {
	if l.unlimited {
		return true, 0
	}
	slot := &l.slots[l.slot(origin)]
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now < *slot {
		l.suppressed++
		return false, 0
	}
	tat := max(l.tat, now)
	if tat+l.every-now > l.burst {
		l.suppressed++
		return false, 0
	}
	l.tat = tat + l.every
	// A slot's first record comes at once: 0 is "never used".
	*slot = now + l.interval
	suppressed, l.suppressed = l.suppressed, 0
	return true, suppressed
}

// slot is the index of origin's slot in the table.
func (l *limiter) slot(origin string) uint64 { return maphash.String(l.seed, origin) % originSlots }
