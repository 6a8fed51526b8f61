package pgorigins

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// Defaults of the change-log mode (Config.ChangeLog).
const (
	// DefaultLogMinInterval is the least time between two reads of the
	// change log that notifications cause. A read of the log costs one
	// look-up in its index, whatever the table's size.
	DefaultLogMinInterval = 10 * time.Millisecond
	// DefaultPollInterval is how often the log is read without a
	// notification, which catches a notification lost in transit.
	DefaultPollInterval = time.Second
	// DefaultFullReadInterval is how often the whole table is read and
	// compared with the origins in force.
	DefaultFullReadInterval = 5 * time.Minute
)

// maxLogBatch bounds the changes one read of the log returns; more are
// read in further batches at once.
const maxLogBatch = 10_000

// logNames are the objects InstallChangeLog creates for a table, quoted.
type logNames struct {
	table, log, state, seq, fn, trigger, truncTrigger string
	column                                            string
	lockKey                                           int64
}

func changeLogNames(table, column string) (logNames, error) {
	parts := strings.Split(table, ".")
	if len(parts) > 2 {
		return logNames{}, fmt.Errorf("pgorigins: table %q: at most one \".\"", table)
	}
	for _, p := range append(parts, column) {
		if err := checkIdentifier(p); err != nil {
			return logNames{}, fmt.Errorf("pgorigins: %w", err)
		}
	}
	name := parts[len(parts)-1]
	if len(name)+len("_log_state") > 63 {
		return logNames{}, fmt.Errorf("pgorigins: table %q: a name of at most 53 bytes, so that %q fits in PostgreSQL's 63", table, name+"_log_state")
	}
	in := func(n string) string {
		return pgx.Identifier(append(parts[:len(parts)-1:len(parts)-1], n)).Sanitize()
	}
	h := fnv.New64a()
	h.Write([]byte("pgorigins change log " + table))
	return logNames{
		table: pgx.Identifier(parts).Sanitize(), column: pgx.Identifier{column}.Sanitize(),
		log: in(name + "_log"), state: in(name + "_log_state"), seq: in(name + "_log_seq"),
		fn: in(name + "_log_change"), trigger: pgx.Identifier{name + "_log_change"}.Sanitize(),
		truncTrigger: pgx.Identifier{name + "_log_truncate"}.Sanitize(),
		lockKey:      int64(h.Sum64()),
	}, nil
}

// InstallChangeLog makes every change of table's column recorded in a
// change log, table+"_log", and notified on channel, whoever makes it, so
// that Listen with Config.ChangeLog applies each change as it is, rather
// than reading the table again. It creates, if they are missing:
//
//   - the log: seq (the order of the changes), op ('+' a row added, '-' a
//     row removed, 'T' the table truncated), origin (the column's value)
//     and at (when);
//   - table+"_log_state", one row whose pruned_through is the last seq
//     PruneChangeLog deleted, so that an instance behind it reads the
//     whole table instead;
//   - a row trigger writing the log, a TRUNCATE trigger, and the
//     notification InstallTrigger installs.
//
// Writers to table take a transaction-scoped advisory lock before they log
// a change: numbers are then given in the order transactions commit, and
// an instance that has read the log up to n has seen every change before
// n. Writes to table are thus one transaction at a time, which thousands
// of changes a second allow. Run it once, or at every start.
func InstallChangeLog(ctx context.Context, db *sql.DB, table, column, channel string) error {
	n, err := changeLogNames(table, column)
	if err != nil {
		return err
	}
	lock := strconv.FormatInt(n.lockKey, 10)
	for _, stmt := range []string{
		`CREATE SEQUENCE IF NOT EXISTS ` + n.seq,
		`CREATE TABLE IF NOT EXISTS ` + n.log + ` (seq bigint PRIMARY KEY, op "char" NOT NULL, origin text, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
		`CREATE TABLE IF NOT EXISTS ` + n.state + ` (one boolean PRIMARY KEY DEFAULT true CHECK (one), pruned_through bigint NOT NULL DEFAULT 0)`,
		`INSERT INTO ` + n.state + ` DEFAULT VALUES ON CONFLICT DO NOTHING`,
		`CREATE OR REPLACE FUNCTION ` + n.fn + `() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(` + lock + `);
	IF TG_OP = 'TRUNCATE' THEN
		INSERT INTO ` + n.log + ` (seq, op) VALUES (nextval('` + strings.ReplaceAll(n.seq, "'", "''") + `'), 'T');
		RETURN NULL;
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO ` + n.log + ` (seq, op, origin) VALUES (nextval('` + strings.ReplaceAll(n.seq, "'", "''") + `'), '-', OLD.` + n.column + `);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO ` + n.log + ` (seq, op, origin) VALUES (nextval('` + strings.ReplaceAll(n.seq, "'", "''") + `'), '+', NEW.` + n.column + `);
	END IF;
	RETURN NULL;
END $$`,
		`DROP TRIGGER IF EXISTS ` + n.trigger + ` ON ` + n.table,
		`CREATE TRIGGER ` + n.trigger + ` AFTER INSERT OR UPDATE OR DELETE ON ` + n.table + ` FOR EACH ROW EXECUTE FUNCTION ` + n.fn + `()`,
		`DROP TRIGGER IF EXISTS ` + n.truncTrigger + ` ON ` + n.table,
		`CREATE TRIGGER ` + n.truncTrigger + ` AFTER TRUNCATE ON ` + n.table + ` FOR EACH STATEMENT EXECUTE FUNCTION ` + n.fn + `()`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("pgorigins: installing the change log: %w", err)
		}
	}
	return InstallTrigger(ctx, db, table, channel)
}

// PruneChangeLog deletes the entries of table's change log older than
// keep, and returns how many it deleted. An instance whose last change
// read is among them reads the whole table when it comes back. Keep
// longer than an instance may be away (a restart, a network partition):
// an hour is a good start.
func PruneChangeLog(ctx context.Context, db *sql.DB, table string, keep time.Duration) (int64, error) {
	n, err := changeLogNames(table, sqlorigins.DefaultColumn)
	if err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	var deleted int64
	var through sql.NullInt64
	err = tx.QueryRowContext(ctx, `WITH d AS (DELETE FROM `+n.log+` WHERE at < clock_timestamp() - $1 * interval '1 microsecond' RETURNING seq)
SELECT count(*), max(seq) FROM d`, keep.Microseconds()).Scan(&deleted, &through)
	if err != nil {
		return 0, fmt.Errorf("pgorigins: pruning the change log: %w", err)
	}
	if through.Valid {
		if _, err := tx.ExecContext(ctx, `UPDATE `+n.state+` SET pruned_through = greatest(pruned_through, $1)`, through.Int64); err != nil {
			return 0, fmt.Errorf("pgorigins: pruning the change log: %w", err)
		}
	}
	return deleted, tx.Commit()
}

// logReader is what the change-log mode keeps between connections: the
// last change applied, so that a new connection catches up from the log.
type logReader struct {
	cfg     Config
	names   logNames
	cursor  int64
	read    bool // the table was read once: cursor means something
	lastAll time.Time
}

// queryer is what reading the log needs of a connection: a *pgx.Conn.
type queryer interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// readAll reads the table and the log's position in one snapshot, and
// puts the table's origins in force; drift is how many origins the
// changes applied before had wrong.
func (lr *logReader) readAll(ctx context.Context, conn queryer) (drift int, err error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	var cursor int64
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT max(seq) FROM `+lr.names.log+`), (SELECT pruned_through FROM `+lr.names.state+`), 0)`).Scan(&cursor); err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, lr.cfg.Reloader.Query())
	if err != nil {
		return 0, err
	}
	var values []*string
	for rows.Next() {
		if len(values) == lr.cfg.Reloader.MaxRows() {
			rows.Close()
			return 0, fmt.Errorf("pgorigins: the table holds more than the Reloader's MaxRows (%d) rows", len(values))
		}
		var v *string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return 0, err
		}
		values = append(values, v)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, err
	}
	drift, err = lr.cfg.Reloader.Load(ctx, values)
	if err != nil {
		return 0, err
	}
	if lr.read && drift > 0 {
		lr.cfg.Logger.Warn("pgorigins: the origins in force differed from the table; repaired", "origins", drift)
	}
	lr.cursor, lr.read, lr.lastAll = cursor, true, time.Now()
	return drift, nil
}

// errFullRead says that the log cannot bring the origins up to date: it
// was pruned past the cursor, or the table was truncated.
var errFullRead = errors.New("pgorigins: the change log does not reach back far enough")

// readLog applies the changes logged after the cursor, in order.
func (lr *logReader) readLog(ctx context.Context, conn queryer) error {
	for {
		changes, last, err := lr.fetch(ctx, conn)
		if errors.Is(err, errFullRead) {
			_, err = lr.readAll(ctx, conn)
			return err
		}
		if err != nil || len(changes) == 0 {
			return err
		}
		if _, err := lr.cfg.Reloader.Apply(ctx, changes); err != nil {
			if errors.Is(err, sqlorigins.ErrNeedsRead) {
				_, err = lr.readAll(ctx, conn)
			}
			return err
		}
		lr.cursor = last
		if lr.cfg.Applied != nil {
			lr.cfg.Applied(changes)
		}
		if len(changes) < maxLogBatch {
			return nil
		}
	}
}

// fetch reads one batch of the log after the cursor, in the same snapshot
// as the pruning mark.
func (lr *logReader) fetch(ctx context.Context, conn queryer) ([]sqlorigins.Change, int64, error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	var pruned int64
	if err := tx.QueryRow(ctx, `SELECT pruned_through FROM `+lr.names.state).Scan(&pruned); err != nil {
		return nil, 0, err
	}
	if pruned > lr.cursor {
		return nil, 0, errFullRead
	}
	rows, err := tx.Query(ctx, `SELECT seq, op, origin FROM `+lr.names.log+` WHERE seq > $1 ORDER BY seq LIMIT `+strconv.Itoa(maxLogBatch), lr.cursor)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var changes []sqlorigins.Change
	last := lr.cursor
	for rows.Next() {
		var seq int64
		var op string
		var origin *string
		if err := rows.Scan(&seq, &op, &origin); err != nil {
			return nil, 0, err
		}
		last = seq
		switch {
		case op == "T":
			return nil, 0, errFullRead
		case origin == nil:
			// A NULL row: never in force, and its removal changes nothing.
		default:
			changes = append(changes, sqlorigins.Change{Added: op == "+", Value: *origin})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(changes) == 0 && last != lr.cursor {
		lr.cursor = last // only NULLs
	}
	return changes, last, tx.Commit(ctx)
}

// serveLog is serve for the change-log mode: the table is read in full
// at the first connection and every FullReadInterval, and the log after
// every notification, every PollInterval, and at every (re)connection,
// which catches up on what happened meanwhile.
func serveLog(ctx context.Context, conn *pgx.Conn, lr *logReader) error {
	cfg := lr.cfg
	read := func() error {
		// The notifications already received are answered by this read.
		done, cancelDone := context.WithCancel(ctx)
		cancelDone()
		for {
			if n, _ := conn.WaitForNotification(done); n == nil {
				break
			}
		}
		if !lr.read || time.Since(lr.lastAll) >= cfg.FullReadInterval {
			_, err := lr.readAll(ctx, conn)
			return err
		}
		return lr.readLog(ctx, conn)
	}
	if err := read(); err != nil {
		return err
	}
	last := time.Now()
	for {
		wait, cancel := context.WithTimeout(ctx, cfg.PollInterval)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case err != nil && (ctx.Err() != nil || wait.Err() == nil):
			return err
		case n != nil:
			// Never trust what a notification says: any role may send one.
			if d := cfg.MinInterval - time.Since(last); d > 0 {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(d):
				}
			}
		}
		if err := read(); err != nil {
			return err
		}
		last = time.Now()
	}
}
