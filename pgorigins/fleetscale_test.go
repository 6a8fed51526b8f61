package pgorigins_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/pgorigins"
)

// The scale run (make pg-fleet-scale): three instances, each a process of
// its own following the change log of a 1,000,000-row table; a writer
// makes 1,000 changes a second for 10 seconds (three in four add an
// origin, one in four removes one), each its own transaction; one
// instance's listening connection is killed halfway. At the end every
// instance must hold exactly the table's origins, compared row by row, and
// the time from each change's commit to the moment every instance serves
// it is reported (p50, p99, max; the target is p99 within 100 ms).
const (
	scaleRows    = 1_000_000
	scaleRate    = 1000 // changes a second
	scaleSeconds = 10
)

func scaleOrigin(i int) string { return fmt.Sprintf("https://t%07d.shops.platform-example.com", i) }

func TestFleetScale(t *testing.T) {
	if os.Getenv("PGORIGINS_SCALE") == "" {
		t.Skip("the scale run: make pg-fleet-scale")
	}
	dsn := dsn(t)
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const table = "scale_origins"
	start := time.Now()
	execAll(t, db,
		`DROP TABLE IF EXISTS scale_origins, scale_origins_log, scale_origins_log_state`,
		`DROP SEQUENCE IF EXISTS scale_origins_log_seq`,
		`CREATE TABLE scale_origins (origin text PRIMARY KEY)`,
		fmt.Sprintf(`INSERT INTO scale_origins SELECT 'https://t' || lpad(g::text, 7, '0') || '.shops.platform-example.com' FROM generate_series(0, %d) g`, scaleRows-1),
	)
	if err := pgorigins.InstallChangeLog(ctx, db, table, "origin", table); err != nil {
		t.Fatal(err)
	}
	t.Logf("table of %d rows made in %v", scaleRows, time.Since(start).Round(time.Millisecond))

	bin := buildFleetAPI(t)
	var fleet []*instance
	for i := range 3 {
		fleet = append(fleet, startInstance(t, bin, dsn, fmt.Sprintf("scale-%d", i), "-changelog", "-table", table))
	}
	start = time.Now()
	for i, in := range fleet {
		within(t, 5*time.Minute, fmt.Sprintf("instance %d has read the table", i), func() bool { return in.status(t).Origins == scaleRows })
	}
	t.Logf("3 instances read the table and serve its %d origins %v after they started", scaleRows, time.Since(start).Round(time.Millisecond))

	// The writer: change i is due at i milliseconds; late ones go at once.
	type change struct {
		origin   string
		added    bool
		commitAt time.Time
	}
	total := scaleRate * scaleSeconds
	changes := make([]change, total)
	rng := rand.New(rand.NewPCG(7, 11))
	removable := rng.Perm(scaleRows)
	for i := range changes {
		if i%4 == 3 {
			changes[i] = change{origin: scaleOrigin(removable[i])}
		} else {
			changes[i] = change{origin: fmt.Sprintf("https://n%07d.new-tenants.example.com", i), added: true}
		}
	}
	due := make(chan int, total)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range due {
				c := &changes[i]
				var err error
				if c.added {
					_, err = db.Exec(`INSERT INTO scale_origins VALUES ($1)`, c.origin)
				} else {
					_, err = db.Exec(`DELETE FROM scale_origins WHERE origin = $1`, c.origin)
				}
				if err != nil {
					t.Error(err)
				}
				c.commitAt = time.Now()
			}
		})
	}
	begin := time.Now()
	killed := false
	for i := range total {
		if d := time.Until(begin.Add(time.Duration(i) * time.Second / scaleRate)); d > 0 {
			time.Sleep(d)
		}
		if !killed && i == total/2 {
			var n int
			if err := db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity WHERE application_name = 'pgorigins_listener' LIMIT 1) p`).Scan(&n); err != nil || n != 1 {
				t.Errorf("killing a listening connection: %d killed, %v", n, err)
			}
			killed = true
		}
		due <- i
	}
	close(due)
	wg.Wait()
	took := time.Since(begin)
	t.Logf("%d changes committed in %v (%.0f a second)", total, took.Round(time.Millisecond), float64(total)/took.Seconds())

	// Convergence, row by row.
	want := tableOrigins(t, db, table)
	for i, in := range fleet {
		var got []string
		took := within(t, time.Minute, fmt.Sprintf("instance %d holds the table's origins", i), func() bool {
			got = in.inForce(t)
			return len(got) == len(want)
		})
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("instance %d: %d origins in force, the table has %d, and they differ", i, len(got), len(want))
		} else {
			t.Logf("instance %d: its %d origins equal the table's, row by row (%v after the last commit)", i, len(got), took.Round(time.Millisecond))
		}
	}

	// Commit to served by every instance.
	var lat []time.Duration
	missing := 0
	applied := make([]map[string]int64, len(fleet))
	for i, in := range fleet {
		applied[i] = in.applied(t)
	}
	for _, c := range changes {
		key := "-" + c.origin
		if c.added {
			key = "+" + c.origin
		}
		var served int64
		for _, a := range applied {
			at, ok := a[key]
			if !ok {
				served = -1
				break
			}
			served = max(served, at)
		}
		if served < 0 {
			missing++
			continue
		}
		lat = append(lat, time.Duration(served-c.commitAt.UnixNano()))
	}
	// Where the slow ones are: per second of the run, and per instance.
	perSecond := make([]time.Duration, scaleSeconds+1)
	for _, c := range changes {
		key := "-" + c.origin
		if c.added {
			key = "+" + c.origin
		}
		sec := min(int(c.commitAt.Sub(begin)/time.Second), scaleSeconds)
		for _, a := range applied {
			if at, ok := a[key]; ok {
				perSecond[sec] = max(perSecond[sec], time.Duration(at-c.commitAt.UnixNano()))
			}
		}
	}
	for sec, d := range perSecond {
		t.Logf("second %d of the run: slowest commit to served %v", sec, d.Round(100*time.Microsecond))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) == 0 {
		t.Fatal("no change measured")
	}
	q := func(p float64) time.Duration {
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(100 * time.Microsecond)
	}
	t.Logf("commit to served by all 3 instances, %d changes: p50 %v, p99 %v, max %v (%d applied by a read of the whole table, not timed)",
		len(lat), q(0.50), q(0.99), lat[len(lat)-1].Round(100*time.Microsecond), missing)
	// The latency is a measurement, reported, not a pass/fail bound: on a
	// shared machine it says as much about the neighbours as about the
	// code. Convergence, checked above row by row, is what must hold.
	if p99 := q(0.99); p99 > 100*time.Millisecond {
		t.Logf("p99 commit to served %v is over the 100 ms target", p99)
	}
}

type instanceStatus struct{ Origins int }

func (in *instance) status(t *testing.T) instanceStatus {
	t.Helper()
	var st instanceStatus
	res, err := http.Get(in.url + "/admin/status")
	if err != nil {
		return st
	}
	defer res.Body.Close()
	_ = json.NewDecoder(res.Body).Decode(&st)
	return st
}

func (in *instance) inForce(t *testing.T) []string {
	t.Helper()
	res, err := http.Get(in.url + "/admin/inforce")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (in *instance) applied(t *testing.T) map[string]int64 {
	t.Helper()
	res, err := http.Get(in.url + "/admin/applied")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]int64
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}
