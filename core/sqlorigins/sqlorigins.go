// Package sqlorigins keeps a CORS policy's allowed origins in step with a
// database table read through database/sql, so that it works with any
// driver (SQLite, PostgreSQL, MySQL, …) and needs none itself.
//
// A [Reloader] reads one column of one table, validates every row with
// [core.NewPolicy]'s rules, and puts the policy built from a base
// [core.Config] plus those origins in force through a [core.Live]. A bad
// row is reported and skipped; a database that cannot be reached keeps the
// last good policy in force. The database is read when [Reloader.Refresh]
// is called and on the schedule [Reloader.Run] keeps, never while a request
// is decided: a Reloader is a [core.Source], which every adapter serves.
//
//	r, err := sqlorigins.New(sqlorigins.Config{
//		DB:   db,
//		Base: core.Config{AllowCredentials: true},
//	})
//	if err != nil { … }                               // an invalid Config
//	if err := r.Refresh(ctx); err != nil { … }        // serves Base until the table is read
//	go r.Run(ctx)                                      // every Interval, until ctx ends
//	handler := chiadapter.FromPolicy(r)(app)
//
// To push changes to every instance at once rather than waiting for the
// schedule, call Refresh when told of a change: the pgorigins module does so
// on PostgreSQL's LISTEN/NOTIFY. For a large table, [Reloader.Apply] puts
// the changes of rows in force one by one, at a cost that does not grow
// with the table, and a read of the table changes the policy in force by
// its difference with the table rather than compiling every row again;
// pgorigins' change log feeds Apply from a trigger.
package sqlorigins

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// Defaults of [Config].
const (
	DefaultTable    = "cors_origins"
	DefaultColumn   = "origin"
	DefaultInterval = time.Minute
	DefaultTimeout  = 5 * time.Second
	DefaultMaxRows  = 100_000
)

// Config says where the origins are and what policy they join.
type Config struct {
	// DB is the database to read. Required.
	DB *sql.DB

	// Base is the policy without the table's origins: methods, headers,
	// credentials, Paths. The table's origins are added to
	// Base.AllowedOrigins (or to those of the rule Rule names); the
	// origins Base lists itself are always allowed. Base must be valid on
	// its own.
	Base core.Config

	// Rule, when Base has Paths, names the rule whose origins the table
	// supplies, by its Prefix or Regex as written ("/api/"): the table's
	// origins join that rule's AllowedOrigins, and the other rules keep
	// theirs. "" means the Config outside the rules, which decides the
	// paths no rule matches.
	Rule string

	// Table and Column name where the origins are, one per row: an
	// identifier of letters, digits and underscores, not starting with a
	// digit, optionally qualified by a schema ("tenant.allowed_origins").
	// They are quoted as SQL identifiers, never pasted as SQL. A view works
	// as well as a table, e.g. to select one tenant's origins. Empty means
	// DefaultTable and DefaultColumn.
	Table, Column string

	// Quote quotes one identifier for the database's SQL dialect. Nil means
	// the standard double quotes, which PostgreSQL, SQLite, SQL Server
	// (with QUOTED_IDENTIFIER on, its default) and Oracle accept; for MySQL
	// without ANSI_QUOTES, quote with backticks.
	Quote func(identifier string) string

	// Interval is how often Run reads the table. Zero means
	// DefaultInterval.
	Interval time.Duration

	// Timeout bounds each read of the table. Zero means DefaultTimeout.
	Timeout time.Duration

	// MaxRows bounds the rows one read accepts. A table holding more is
	// refused as a whole and the policy in force kept: it is more likely
	// the wrong table than a list of trusted origins. Zero means
	// DefaultMaxRows.
	MaxRows int

	// Logger receives the Reloader's events: each read that changed the
	// policy (Info), each bad row (Warn), each failed read (Error). Nil
	// means slog.Default().
	Logger *slog.Logger
}

// A Reloader holds the policy built from Config.Base and the table's
// origins, and reads the table again when asked to. It is a [core.Source]:
// give it to an adapter's FromPolicy. It is safe for concurrent use.
type Reloader struct {
	cfg   Config
	rule  int // the index in Base.Paths of Config.Rule, or -1
	query string
	live  *core.Live
	log   *slog.Logger

	// refreshing serialises reads and changes, so that a late one never
	// undoes a newer one; it is held during the query, so Status does not
	// take it.
	refreshing sync.Mutex
	// spellings counts, for each origin that two or more sources spell
	// (rows, or a row and Base: "https://a.example" and
	// "HTTPS://A.EXAMPLE:443"), how many do, so that Apply removes it only
	// with the last of them. Other origins have one source.
	spellings map[string]int
	// fingerprint is a hash of the set of origins the last read's rows
	// spell, to tell a change from a repeat when the table's origins join
	// a rule of Base.Paths; loaded says there was a read.
	fingerprint uint64
	loaded      bool

	mu     sync.Mutex // guards status
	status Status
}

// Status describes the Reloader's reads of the table.
type Status struct {
	// Loaded is when the policy in force was read from the table; zero
	// until a read succeeds.
	Loaded time.Time
	// Origins is how many of the table's rows the policy in force allows.
	Origins int
	// Skipped are the rows the last successful read refused.
	Skipped []RowError
	// Err is the last read's error, nil when it succeeded: while it is
	// set, the policy read at Loaded (or Base, before any) stays in force.
	Err error
	// Took is how long the last successful read and compilation took.
	Took time.Duration
}

// A RowError is a row refused by NewPolicy's rules.
type RowError struct {
	Row   int    // 0-based, in the order the database returned
	Value string // as stored; "NULL" for a null
	// Err says what is wrong: a [*core.ConfigError] whose Field is
	// "table.column" and whose Index is Row, or an error for a NULL.
	Err error
}

func (e RowError) Error() string {
	return fmt.Sprintf("row %d skipped: %v", e.Row, e.Err)
}

// New checks cfg and returns a Reloader serving cfg.Base until a read of
// the table succeeds. It does not read the table: call Refresh.
func New(cfg Config) (*Reloader, error) {
	var errs []error
	if cfg.DB == nil {
		errs = append(errs, errors.New("sqlorigins: Config.DB is nil"))
	}
	if cfg.Table == "" {
		cfg.Table = DefaultTable
	}
	if cfg.Column == "" {
		cfg.Column = DefaultColumn
	}
	if cfg.Quote == nil {
		cfg.Quote = quoteANSI
	}
	if cfg.Interval == 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRows == 0 {
		cfg.MaxRows = DefaultMaxRows
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Interval < 0 || cfg.Timeout < 0 || cfg.MaxRows < 0 {
		errs = append(errs, fmt.Errorf("sqlorigins: Interval, Timeout and MaxRows cannot be negative"))
	}
	table, err := qualified(cfg.Table, cfg.Quote)
	if err != nil {
		errs = append(errs, fmt.Errorf("sqlorigins: Config.Table: %w", err))
	}
	column, err := qualified(cfg.Column, cfg.Quote)
	if err != nil {
		errs = append(errs, fmt.Errorf("sqlorigins: Config.Column: %w", err))
	}
	rule := -1
	if cfg.Rule != "" {
		for i, pr := range cfg.Base.Paths {
			if pr.Prefix == cfg.Rule || pr.Regex == cfg.Rule {
				rule = i
				break
			}
		}
		if rule < 0 {
			errs = append(errs, fmt.Errorf("sqlorigins: Config.Rule %q: no rule of Base.Paths has this Prefix or Regex", cfg.Rule))
		}
	}
	target := cfg.Base
	if rule >= 0 {
		target = cfg.Base.Paths[rule].Config
	}
	if target.AllowAllOrigins {
		errs = append(errs, errors.New("sqlorigins: the Config the table supplies has AllowAllOrigins set: every origin is allowed already, and a list of origins cannot join it"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	cfg.Base.AllowedOrigins = slices.Clip(cfg.Base.AllowedOrigins)
	r := &Reloader{cfg: cfg, rule: rule}
	// Base with an empty table: what is served until the table is read.
	base, err := core.NewPolicy(r.with(nil))
	if err != nil {
		return nil, fmt.Errorf("sqlorigins: Config.Base: %w", err)
	}
	r.query = "SELECT " + column + " FROM " + table
	r.live = core.NewLive(base)
	r.log = cfg.Logger
	return r, nil
}

// Policy returns the policy in force, making a Reloader a [core.Source].
func (r *Reloader) Policy() *core.Policy { return r.live.Policy() }

// Query is the SQL the Reloader runs.
func (r *Reloader) Query() string { return r.query }

// Status reports the last read.
func (r *Reloader) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.status
	s.Skipped = slices.Clone(s.Skipped)
	return s
}

// Refresh reads the table now and puts the policy it gives in force. Rows
// that NewPolicy refuses are skipped and reported (in Status and to the
// Logger); they never stop the others. If the table cannot be read within
// ctx and the Timeout, Refresh returns the error and the policy in force is
// kept. Concurrent calls are served one after the other.
func (r *Reloader) Refresh(ctx context.Context) error {
	r.refreshing.Lock()
	defer r.refreshing.Unlock()
	start := time.Now()
	rows, err := r.read(ctx)
	if err != nil {
		r.setStatus(func(s *Status) { s.Err = err })
		r.log.LogAttrs(ctx, slog.LevelError, "sqlorigins: reading the allowed origins failed; the policy in force is kept",
			slog.String("query", r.query), slog.Any("error", err))
		return err
	}
	_, err = r.load(ctx, rows, start)
	return err
}

func (r *Reloader) setStatus(f func(*Status)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.status)
}

// read runs the query and returns every row; a NULL is nil.
func (r *Reloader) read(ctx context.Context) ([]*string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	rows, err := r.cfg.DB.QueryContext(ctx, r.query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*string
	for rows.Next() {
		if len(out) == r.cfg.MaxRows {
			return nil, fmt.Errorf("sqlorigins: the table holds more than MaxRows (%d) rows", r.cfg.MaxRows)
		}
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		if v.Valid {
			out = append(out, &v.String)
		} else {
			out = append(out, nil)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// compile builds the policy from Base and the rows, skipping the rows
// NewPolicy refuses. NewPolicy reports every problem with the index of its
// entry, so one compilation finds all bad rows and a second builds the
// policy without them.
func (r *Reloader) compile(rows []*string) (*core.Policy, []string, []RowError, error) {
	listed, field := r.cfg.Base.AllowedOrigins, "AllowedOrigins"
	if r.rule >= 0 {
		listed = r.cfg.Base.Paths[r.rule].Config.AllowedOrigins
		field = "Paths[" + strconv.Itoa(r.rule) + "].Config.AllowedOrigins"
	}
	n := len(listed)
	var skipped []RowError
	origins := make([]string, 0, len(rows))
	index := make([]int, 0, len(rows)) // row of each entry of origins
	for i, v := range rows {
		if v == nil {
			skipped = append(skipped, RowError{Row: i, Value: "NULL", Err: errors.New("a NULL is not an origin")})
			continue
		}
		if strings.EqualFold(*v, "null") {
			// "null" is the origin of every sandboxed iframe, data: URL
			// and cross-origin redirect: one row would open the API to
			// any page. Base can still list it on purpose.
			skipped = append(skipped, RowError{Row: i, Value: *v, Err: errors.New(`"null" is the origin of every sandboxed iframe and data: URL, not of one site; list it in Config.Base if you mean it`)})
			continue
		}
		origins = append(origins, *v)
		index = append(index, i)
	}
	for range 2 {
		p, err := core.NewPolicy(r.with(origins))
		if err == nil {
			slices.SortFunc(skipped, func(a, b RowError) int { return a.Row - b.Row })
			return p, origins, skipped, nil
		}
		bad := map[int]error{}
		for _, e := range unwrap(err) {
			var ce *core.ConfigError
			if errors.As(e, &ce) && ce.Field == field && ce.Index >= n {
				// Named after the table and the row, not the list the
				// rows were joined into.
				c := *ce
				c.Field, c.Index = r.cfg.Table+"."+r.cfg.Column, index[ce.Index-n]
				bad[ce.Index-n] = &c
			}
		}
		if len(bad) == 0 {
			return nil, nil, skipped, err
		}
		kept, keptIndex := origins[:0:0], index[:0:0]
		for j, o := range origins {
			if e, ok := bad[j]; ok {
				skipped = append(skipped, RowError{Row: index[j], Value: o, Err: e})
				continue
			}
			kept, keptIndex = append(kept, o), append(keptIndex, index[j])
		}
		origins, index = kept, keptIndex
	}
	return nil, nil, skipped, errors.New("rows still refused after the bad ones were skipped")
}

// with returns Base with the table's origins added to the AllowedOrigins
// of the Config the table supplies, after those it lists itself.
func (r *Reloader) with(origins []string) core.Config {
	cfg := r.cfg.Base
	if r.rule < 0 {
		cfg.AllowedOrigins = append(slices.Clip(cfg.AllowedOrigins), origins...)
		closeIfEmpty(&cfg)
		return cfg
	}
	cfg.Paths = slices.Clone(cfg.Paths)
	listed := cfg.Paths[r.rule].Config.AllowedOrigins
	cfg.Paths[r.rule].Config.AllowedOrigins = append(slices.Clip(listed), origins...)
	closeIfEmpty(&cfg.Paths[r.rule].Config)
	return cfg
}

// closeIfEmpty gives cfg a CheckRequest hook that allows nothing when cfg
// would allow no origin at all: an empty table is a policy that allows no
// origin on purpose, which NewPolicy, refusing a Config that allows nothing
// as a likely mistake, accepts with a hook.
func closeIfEmpty(cfg *core.Config) {
	if cfg.AllowAllOrigins || len(cfg.AllowedOrigins) > 0 || len(cfg.AllowedOriginRegexes) > 0 || len(cfg.CheckRequest) > 0 {
		return
	}
	cfg.CheckRequest = []func(*http.Request) bool{allowNone}
}

func allowNone(*http.Request) bool { return false }

// clip is s cut to a length a log line can hold.
func clip(s string) string {
	const max = 200
	if len(s) > max {
		return printable.Escape(strings.ToValidUTF8(s[:max], "")) + "…(" + strconv.Itoa(len(s)) + " bytes)"
	}
	return printable.Escape(s)
}

// unwrap flattens joined errors.
func unwrap(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, unwrap(e)...)
	}
	return out
}

// Run reads the table every Interval until ctx ends, and returns ctx's
// error. A failed read is logged and retried at the next tick; the policy in
// force is kept meanwhile.
func (r *Reloader) Run(ctx context.Context) error {
	t := time.NewTicker(r.cfg.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			_ = r.Refresh(ctx)
		}
	}
}
