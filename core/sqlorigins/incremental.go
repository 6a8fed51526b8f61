package sqlorigins

import (
	"context"
	"errors"
	"hash/maphash"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

// A Change is one change of the table: a row added (Added) or removed,
// with the value of its column. An UPDATE is a removal then an addition.
type Change struct {
	Added bool
	Value string
}

// ErrNeedsRead is Apply's answer when the change cannot be applied
// incrementally (the table's origins join a rule of Base.Paths): read the
// table with Refresh or Load instead.
var ErrNeedsRead = errors.New("sqlorigins: this Reloader applies changes by reading the table again")

// Apply puts in force the policy in force with changes made, in order,
// without reading the table or compiling the origins they do not touch:
// its cost grows with len(changes), not with the table (see
// [core.Policy.WithOrigins]). A row added is checked as Refresh checks
// it; a bad one is skipped and returned (its RowError's Row is its index
// in changes) and logged, and never stops the others. An origin two rows
// (or a row and Base) spell is removed only with the last of them. A row
// removed that was never in force (it was skipped) changes nothing.
//
// Apply trusts changes to be the table's: give it what a change log
// recorded (the pgorigins module does), never what a client claims. Reads
// and changes are serialised. The periodic read (Refresh, Load) remains
// the reference: it reports and repairs any difference.
func (r *Reloader) Apply(ctx context.Context, changes []Change) ([]RowError, error) {
	r.refreshing.Lock()
	defer r.refreshing.Unlock()
	if r.rule >= 0 || r.cfg.Base.Paths != nil {
		return nil, ErrNeedsRead
	}
	start := time.Now()
	p := r.live.Policy()
	field := r.cfg.Table + "." + r.cfg.Column

	// Check every row added at once, as NewPolicy would.
	var skipped []RowError
	bad := map[int]bool{}
	var adds []string
	var addIndex []int
	for i, c := range changes {
		switch {
		case !c.Added:
		case strings.EqualFold(c.Value, "null"):
			bad[i] = true
			skipped = append(skipped, RowError{Row: i, Value: c.Value, Err: errNullRow})
		default:
			adds, addIndex = append(adds, c.Value), append(addIndex, i)
		}
	}
	if len(adds) > 0 {
		if _, err := p.WithOrigins(adds, nil); err != nil {
			for _, e := range unwrap(err) {
				var ce *core.ConfigError
				if !errors.As(e, &ce) || ce.Field != "AllowedOrigins" || ce.Index < 0 {
					return nil, err
				}
				c := *ce
				c.Field, c.Index = field, addIndex[ce.Index]
				bad[addIndex[ce.Index]] = true
				skipped = append(skipped, RowError{Row: addIndex[ce.Index], Value: adds[ce.Index], Err: &c})
			}
		}
	}

	// The net effect on each origin touched, in order.
	present := map[string]bool{} // after the changes so far
	spelling := map[string]string{}
	for i, c := range changes {
		if bad[i] || !c.Added && strings.EqualFold(c.Value, "null") {
			continue
		}
		k, ok := core.OriginKey(c.Value)
		if !ok {
			continue
		}
		in, touched := present[k]
		if !touched {
			in = p.ListsOrigin(k)
		}
		switch {
		case c.Added && in:
			r.addSpelling(k)
		case c.Added:
			present[k], spelling[k] = true, c.Value
		case !in:
			// Never in force: a row that was skipped.
		case r.spellings[k] >= 2:
			if r.spellings[k]--; r.spellings[k] == 1 {
				delete(r.spellings, k)
			}
		default:
			present[k] = false
		}
	}
	var add, remove []string
	for k, in := range present {
		switch was := p.ListsOrigin(k); {
		case in && !was:
			add = append(add, spelling[k])
		case !in && was:
			remove = append(remove, k)
		}
	}
	slices.SortFunc(skipped, func(a, b RowError) int { return a.Row - b.Row })
	for _, s := range skipped {
		r.log.LogAttrs(ctx, slog.LevelWarn, "sqlorigins: a row is not a valid origin entry and is skipped",
			slog.Int("change", s.Row), slog.String("value", clip(s.Value)), slog.Any("error", s.Err))
	}
	if len(add)+len(remove) == 0 {
		return skipped, nil
	}
	np, err := p.WithOrigins(add, remove)
	if err != nil {
		return skipped, err
	}
	r.live.Store(np)
	took := time.Since(start)
	r.setStatus(func(s *Status) {
		s.Origins += len(add) - len(remove)
		s.Loaded, s.Took, s.Err = time.Now(), took, nil
	})
	r.log.LogAttrs(ctx, slog.LevelDebug, "sqlorigins: changes applied",
		slog.Int("added", len(add)), slog.Int("removed", len(remove)), slog.Int("skipped", len(skipped)), slog.Duration("took", took))
	return skipped, nil
}

var errNullRow = errors.New(`"null" is the origin of every sandboxed iframe and data: URL, not of one site; list it in Config.Base if you mean it`)

func (r *Reloader) addSpelling(k string) {
	if r.spellings == nil {
		r.spellings = map[string]int{}
	}
	r.spellings[k] = max(r.spellings[k], 1) + 1
}

// Load puts in force the policy built from Base and rows, the values of
// the column read elsewhere (a NULL is nil), as Refresh does once it has
// read them: for a caller that reads the table itself, such as the
// pgorigins module, which reads it in the same snapshot as its change log.
// drift is how many origins the policy in force and rows disagree on: 0
// when the changes applied since the last read were the table's; the
// policy built from rows is put in force when it is not.
func (r *Reloader) Load(ctx context.Context, rows []*string) (drift int, err error) {
	r.refreshing.Lock()
	defer r.refreshing.Unlock()
	return r.load(ctx, rows, time.Now())
}

// load is Load under r.refreshing.
func (r *Reloader) load(ctx context.Context, rows []*string, start time.Time) (int, error) {
	// status is written only under r.refreshing, which is held: read
	// without r.mu. A policy read from a table with no origin may hold
	// closeIfEmpty's hook, which a change would keep: compiled instead.
	if r.loaded && r.rule < 0 && r.cfg.Base.Paths == nil && r.status.Origins > 0 {
		return r.loadChanges(ctx, rows, start)
	}
	p, origins, skipped, err := r.compile(rows)
	for _, s := range skipped {
		r.log.LogAttrs(ctx, slog.LevelWarn, "sqlorigins: a row is not a valid origin entry and is skipped",
			slog.Int("row", s.Row), slog.String("value", clip(s.Value)), slog.Any("error", s.Err))
	}
	if p == nil {
		// Problems that are no row's alone; New refuses those it can
		// foresee. The policy in force is kept.
		err = errors.Join(errors.New("sqlorigins: the policy could not be compiled; the policy in force is kept"), err)
		r.setStatus(func(s *Status) { s.Err = err })
		r.log.LogAttrs(ctx, slog.LevelError, err.Error())
		return 0, err
	}
	var multi map[string]int
	var distinct int
	var fp uint64
	multi, distinct, fp = spellings(r.cfg.Base.AllowedOrigins, origins, r.rule < 0)
	var drift int
	if r.rule < 0 && r.cfg.Base.Paths == nil {
		drift = differ(r.live.Policy(), p)
	} else if fp != r.fingerprint || !r.loaded {
		// The table's origins join a rule, which Origins does not list:
		// the rows read are compared with the last read's.
		drift = 1
	}
	changed := drift > 0
	if changed {
		r.live.Store(p)
	}
	r.spellings, r.fingerprint, r.loaded = multi, fp, true
	took := time.Since(start)
	r.setStatus(func(s *Status) {
		*s = Status{Loaded: time.Now(), Origins: distinct, Skipped: skipped, Took: took}
	})
	level := slog.LevelDebug
	if changed {
		level = slog.LevelInfo
	}
	r.log.LogAttrs(ctx, level, "sqlorigins: allowed origins read",
		slog.Int("origins", distinct), slog.Int("skipped", len(skipped)), slog.Bool("changed", changed),
		slog.Int("differed", drift), slog.Duration("took", took))
	return drift, nil
}

// differ counts the origins one of a and b allows and the other does not.
func differ(a, b *core.Policy) int {
	n := 0
	for o := range a.Origins() {
		if !b.ListsOrigin(o) {
			n++
		}
	}
	for o := range b.Origins() {
		if !a.ListsOrigin(o) {
			n++
		}
	}
	return n
}

// spellings counts the sources of each origin base (when the table joins
// it) and rows spell more than once; it also returns the number of
// distinct origins the rows spell and a fingerprint of their set.
func spellings(base, rows []string, withBase bool) (multi map[string]int, distinct int, fingerprint uint64) {
	count := make(map[string]int, len(rows))
	for _, s := range rows {
		if k, ok := core.OriginKey(s); ok {
			count[k]++
		}
	}
	distinct = len(count)
	for k := range count {
		fingerprint += maphash.String(fingerprintSeed, k)
	}
	if withBase {
		// Base's origins stay whatever rows go.
		for _, s := range base {
			if k, ok := core.OriginKey(s); ok {
				count[k] += baseSpelling
			}
		}
	}
	multi = map[string]int{}
	for k, n := range count {
		if n >= 2 {
			multi[k] = n
		}
	}
	return multi, distinct, fingerprint
}

var fingerprintSeed = maphash.MakeSeed()

// baseSpelling is what an origin Base lists counts for: more than any
// number of rows removed.
const baseSpelling = 1 << 40

// MaxRows is Config.MaxRows, or its default: the most rows a read of the
// table accepts, for a caller that reads it itself (Load).
func (r *Reloader) MaxRows() int { return r.cfg.MaxRows }

// loadChanges is load when the policy in force was read from the table
// and can take changes: it checks only the rows whose origin is not in
// force, and changes the policy in force by the difference, rather than
// compiling every row again and replacing it.
func (r *Reloader) loadChanges(ctx context.Context, rows []*string, start time.Time) (int, error) {
	p := r.live.Policy()
	field := r.cfg.Table + "." + r.cfg.Column
	var skipped []RowError
	count := make(map[string]int, len(rows)) // rows per origin
	var adds []string
	var addRow []int
	for i, v := range rows {
		switch {
		case v == nil:
			skipped = append(skipped, RowError{Row: i, Value: "NULL", Err: errors.New("a NULL is not an origin")})
			continue
		case strings.EqualFold(*v, "null"):
			skipped = append(skipped, RowError{Row: i, Value: *v, Err: errNullRow})
			continue
		}
		if k, ok := core.OriginKey(*v); ok && p.ListsOrigin(k) {
			count[k]++
			continue
		}
		adds, addRow = append(adds, *v), append(addRow, i)
	}
	// The rows not in force are checked as NewPolicy checks them.
	if len(adds) > 0 {
		if _, err := p.WithOrigins(adds, nil); err != nil {
			bad := map[int]bool{}
			for _, e := range unwrap(err) {
				var ce *core.ConfigError
				if !errors.As(e, &ce) || ce.Field != "AllowedOrigins" || ce.Index < 0 {
					r.setStatus(func(s *Status) { s.Err = err })
					return 0, err
				}
				c := *ce
				c.Field, c.Index = field, addRow[ce.Index]
				bad[ce.Index] = true
				skipped = append(skipped, RowError{Row: addRow[ce.Index], Value: adds[ce.Index], Err: &c})
			}
			kept := adds[:0:0]
			for j, v := range adds {
				if !bad[j] {
					kept = append(kept, v)
				}
			}
			adds = kept
		}
	}
	drift := 0
	for _, v := range adds {
		k, _ := core.OriginKey(v)
		if count[k] == 0 {
			drift++
		}
		count[k]++
	}
	base := map[string]bool{}
	for _, s := range r.cfg.Base.AllowedOrigins {
		if k, ok := core.OriginKey(s); ok {
			base[k] = true
		}
	}
	var removes []string
	for o := range p.Origins() {
		if count[o] == 0 && !base[o] {
			removes = append(removes, o)
		}
	}
	drift += len(removes)
	if drift > 0 {
		np, err := p.WithOrigins(adds, removes)
		if err != nil {
			r.setStatus(func(s *Status) { s.Err = err })
			return 0, err
		}
		r.live.Store(np)
	}
	multi := map[string]int{}
	var fp uint64
	for k, n := range count {
		fp += maphash.String(fingerprintSeed, k)
		if base[k] {
			n += baseSpelling
		}
		if n >= 2 {
			multi[k] = n
		}
	}
	r.spellings, r.fingerprint = multi, fp
	slices.SortFunc(skipped, func(a, b RowError) int { return a.Row - b.Row })
	for _, s := range skipped {
		r.log.LogAttrs(ctx, slog.LevelWarn, "sqlorigins: a row is not a valid origin entry and is skipped",
			slog.Int("row", s.Row), slog.String("value", clip(s.Value)), slog.Any("error", s.Err))
	}
	took := time.Since(start)
	distinct := len(count)
	r.setStatus(func(s *Status) {
		*s = Status{Loaded: time.Now(), Origins: distinct, Skipped: skipped, Took: took}
	})
	level := slog.LevelDebug
	if drift > 0 {
		level = slog.LevelInfo
	}
	r.log.LogAttrs(ctx, level, "sqlorigins: allowed origins read",
		slog.Int("origins", distinct), slog.Int("skipped", len(skipped)), slog.Bool("changed", drift > 0),
		slog.Int("differed", drift), slog.Duration("took", took))
	return drift, nil
}
