// Package pgorigins pushes changes of a PostgreSQL table of allowed origins
// to every instance of an application at once, with LISTEN/NOTIFY, instead
// of waiting for the next scheduled read.
//
// Each instance keeps its policy with a [sqlorigins.Reloader] reading the
// table through database/sql (pgx's stdlib driver), and runs [Listen],
// which holds one connection listening on a channel and calls
// Reloader.Refresh after notifications, at most once per
// [Config.MinInterval] (any role that can connect may NOTIFY).
// [InstallTrigger] makes the table notify the channel on every change,
// whoever makes it (an admin endpoint, psql, a migration). When the listening connection breaks, Listen
// reconnects with backoff and reads the table again, so changes made
// meanwhile are not missed; the Reloader's own schedule remains a backstop.
//
//	db, _ := sql.Open("pgx", dsn)
//	origins, _ := sqlorigins.New(sqlorigins.Config{DB: db, Base: base, Interval: 5 * time.Minute})
//	_ = pgorigins.InstallTrigger(ctx, db, sqlorigins.DefaultTable, pgorigins.DefaultChannel)
//	go pgorigins.Listen(ctx, pgorigins.Config{ConnString: dsn, Reloader: origins})
//	go origins.Run(ctx)
//
// For a large table, [InstallChangeLog] makes a trigger record each change
// in a log, and Listen with Config.ChangeLog applies the changes one by
// one in the order they were committed, catching up from the log after a
// reconnection and reading the table whole only when the log no longer
// reaches back, and every FullReadInterval to repair any drift.
//
// The package lives in a module of its own, so that pgx reaches only the
// applications that use PostgreSQL.
package pgorigins

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// DefaultChannel is the channel Listen and InstallTrigger use when none is
// given.
const DefaultChannel = "cors_origins"

// DefaultMinInterval is the least time between two reads of the table that
// notifications cause, when Config.MinInterval is zero.
const DefaultMinInterval = time.Second

// Config says what Listen listens to and what it refreshes.
type Config struct {
	// ConnString is the connection string of the listening connection, in
	// pgx's syntax (a URL or key=value pairs). Required.
	ConnString string
	// Channel is the notification channel; "" means DefaultChannel.
	Channel string
	// Reloader is refreshed on every notification. Required.
	Reloader *sqlorigins.Reloader
	// Logger receives connection events; nil means slog.Default().
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the wait before reconnecting; zero
	// means 100 milliseconds and 10 seconds.
	MinBackoff, MaxBackoff time.Duration
	// MinInterval is the least time between the end of one read of the
	// table that notifications cause and the start of the next; zero means
	// DefaultMinInterval. Any role that can connect to the database can
	// NOTIFY any channel: this bounds the reads such a role can make every
	// instance do to one per MinInterval. A notification is never lost: the
	// table is always read after the last one, at most MinInterval after
	// the previous read. A change therefore takes effect at once when the
	// table has been quiet for MinInterval, and at most MinInterval (plus
	// one read) later otherwise. With ChangeLog, each read is of the log
	// only, and zero means DefaultLogMinInterval.
	MinInterval time.Duration

	// ChangeLog says to apply the changes InstallChangeLog records for
	// Table, one by one in the order they were made, rather than reading
	// the whole table after each notification: a change then costs each
	// instance what that change costs, whatever the table's size. The
	// table is read whole at the first connection, when the log no longer
	// reaches back to the last change applied (PruneChangeLog) or records
	// a TRUNCATE, and every FullReadInterval, which compares the origins
	// in force with the table and repairs any difference (logged at level
	// Warn). A reconnection catches up from the log. The notification
	// only wakes the instance: what it says is never read, as any role
	// may NOTIFY. Do not run the Reloader's own schedule (Run) beside
	// it: Listen reads the table itself, in the same snapshot as the log.
	ChangeLog bool
	// Table and Column are those of the Reloader, to find the change
	// log's tables; "" means sqlorigins.DefaultTable and DefaultColumn.
	Table, Column string
	// PollInterval is how often the log is read without a notification,
	// in case one was lost; zero means DefaultPollInterval.
	PollInterval time.Duration
	// FullReadInterval is how often the table is read whole with
	// ChangeLog; zero means DefaultFullReadInterval.
	FullReadInterval time.Duration
	// Applied, if set, is called with ChangeLog after each batch of
	// changes read from the log is in force (not after a read of the whole
	// table), e.g. to measure how long a change takes to reach an
	// instance. It must not keep changes, and should return quickly.
	Applied func(changes []sqlorigins.Change)
}

// Listen listens on the channel until ctx ends, refreshing the Reloader
// after notifications and after every (re)connection, and returns ctx's
// error. The trigger InstallTrigger makes notifies once per statement, and
// PostgreSQL folds identical notifications of one transaction into one.
// Notifications that arrive together cost one refresh: those already
// received are drained before the table is read, and a notification that
// arrives less than MinInterval after the last read is answered by one
// read when the interval is over, whatever the number of notifications
// meanwhile.
//
// A refresh that fails (the pool cannot reach the database while the
// listening connection can) keeps the policy in force and is logged by the
// Reloader; the next notification, or the next tick of Reloader.Run, reads
// the table again. Run the Reloader's schedule beside Listen for that.
func Listen(ctx context.Context, cfg Config) error {
	if cfg.Reloader == nil || cfg.ConnString == "" {
		return errors.New("pgorigins: Config.Reloader and Config.ConnString are required")
	}
	if cfg.Channel == "" {
		cfg.Channel = DefaultChannel
	}
	if err := checkIdentifier(cfg.Channel); err != nil {
		return fmt.Errorf("pgorigins: Config.Channel: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 100 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 10 * time.Second
	}
	var lr *logReader
	if cfg.ChangeLog {
		if cfg.Table == "" {
			cfg.Table = sqlorigins.DefaultTable
		}
		if cfg.Column == "" {
			cfg.Column = sqlorigins.DefaultColumn
		}
		if cfg.MinInterval <= 0 {
			cfg.MinInterval = DefaultLogMinInterval
		}
		if cfg.PollInterval <= 0 {
			cfg.PollInterval = DefaultPollInterval
		}
		if cfg.FullReadInterval <= 0 {
			cfg.FullReadInterval = DefaultFullReadInterval
		}
		names, err := changeLogNames(cfg.Table, cfg.Column)
		if err != nil {
			return err
		}
		lr = &logReader{cfg: cfg, names: names}
	}
	if cfg.MinInterval <= 0 {
		cfg.MinInterval = DefaultMinInterval
	}
	backoff := cfg.MinBackoff
	for {
		var up time.Time
		err := listenOnce(ctx, cfg, lr, func() { up = time.Now() })
		backoff = afterLoss(backoff, up, cfg)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		cfg.Logger.Warn("pgorigins: listening connection lost; reconnecting", "channel", cfg.Channel, "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(jitter(backoff)):
		}
		backoff = min(2*backoff, cfg.MaxBackoff)
	}
}

// afterLoss is the wait before reconnecting, when the connection that was
// lost had been listening since up (zero: it never was). The wait starts
// over only after a connection that lasted MaxBackoff: a server that
// accepts then drops every connection (a failover, a full connection
// slot, a proxy) must not be reconnected to, and the table re-read, ten
// times a second by every instance.
func afterLoss(backoff time.Duration, up time.Time, cfg Config) time.Duration {
	if !up.IsZero() && time.Since(up) >= cfg.MaxBackoff {
		return cfg.MinBackoff
	}
	return backoff
}

// jitter spreads d over [d/2, d], so that the instances a database restart
// disconnected together do not reconnect together.
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

// listenOnce connects, listens and serves notifications until the
// connection fails. connected is called once LISTEN is in effect.
func listenOnce(ctx context.Context, cfg Config, lr *logReader, connected func()) error {
	conn, err := pgx.Connect(ctx, cfg.ConnString)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{cfg.Channel}.Sanitize()); err != nil {
		return err
	}
	connected()
	cfg.Logger.Info("pgorigins: listening", "channel", cfg.Channel)
	if lr != nil {
		return serveLog(ctx, conn, lr)
	}
	return serve(ctx, conn, cfg.Reloader.Refresh, cfg)
}

// notifications is what serve needs of a listening connection: a
// *pgx.Conn. WaitForNotification returns a notification received earlier
// at once, even when ctx is already done.
type notifications interface {
	WaitForNotification(ctx context.Context) (*pgconn.Notification, error)
}

// serve reads the table once, then again after notifications, until the
// connection fails or ctx ends. Reads are at least cfg.MinInterval apart,
// and one always follows the last notification.
func serve(ctx context.Context, conn notifications, refresh func(context.Context) error, cfg Config) error {
	// Changes made before LISTEN took effect sent no notification here.
	// A read that fails (the pool's connections may still be those a
	// database restart killed) is retried after a growing wait until one
	// succeeds: no notification may come to trigger it again, and the
	// policy would stay behind the table until the next change.
	done, cancelDone := context.WithCancel(ctx)
	cancelDone()
	retry := cfg.MinBackoff
	var due time.Time // when the next read is owed; zero: none is
	read := func() time.Time {
		// The notifications already received are answered by this read.
		for {
			if n, _ := conn.WaitForNotification(done); n == nil {
				break
			}
		}
		failed := refresh(ctx) != nil
		end := time.Now()
		if failed {
			due = end.Add(jitter(retry))
			retry = min(2*retry, cfg.MaxBackoff)
		} else {
			due = time.Time{}
			retry = cfg.MinBackoff
		}
		return end
	}
	last := read()
	for {
		wait, cancel := ctx, context.CancelFunc(func() {})
		if !due.IsZero() {
			if !time.Now().Before(due) {
				last = read()
				continue
			}
			wait, cancel = context.WithDeadline(ctx, due)
		}
		n, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil && (ctx.Err() != nil || wait.Err() == nil) {
			return err
		}
		if n != nil {
			if next := last.Add(cfg.MinInterval); due.IsZero() || next.Before(due) {
				due = next
			}
		}
	}
}

func InstallTrigger(ctx context.Context, db *sql.DB, table, channel string) error {
	if channel == "" {
		channel = DefaultChannel
	}
	if err := checkIdentifier(channel); err != nil {
		return fmt.Errorf("pgorigins: channel: %w", err)
	}
	parts := strings.Split(table, ".")
	if len(parts) > 2 {
		return fmt.Errorf("pgorigins: table %q: at most one \".\"", table)
	}
	for _, p := range parts {
		if err := checkIdentifier(p); err != nil {
			return fmt.Errorf("pgorigins: table: %w", err)
		}
	}
	name := parts[len(parts)-1] + "_notify"
	fn := append(parts[:len(parts)-1:len(parts)-1], name)
	qTable, qFn, qTrigger := pgx.Identifier(parts).Sanitize(), pgx.Identifier(fn).Sanitize(), pgx.Identifier{name}.Sanitize()
	// The channel is a checked identifier, so it is safe inside a literal.
	for _, stmt := range []string{
		`CREATE OR REPLACE FUNCTION ` + qFn + `() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('` + channel + `', '');
	RETURN NULL;
END $$`,
		`DROP TRIGGER IF EXISTS ` + qTrigger + ` ON ` + qTable,
		`CREATE TRIGGER ` + qTrigger + ` AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ` + qTable +
			` FOR EACH STATEMENT EXECUTE FUNCTION ` + qFn + `()`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("pgorigins: installing the trigger: %w", err)
		}
	}
	return nil
}

// checkIdentifier accepts letters, digits and underscores, not starting
// with a digit, at most 63 bytes: as sqlorigins does for table names.
func checkIdentifier(s string) error {
	if s == "" || len(s) > 63 {
		return fmt.Errorf("%q: an identifier has 1 to 63 bytes", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return fmt.Errorf("%q: only letters, digits and underscores, not a digit first", s)
		}
	}
	return nil
}
