package sqlorigins_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// table is an in-memory database with one table of one text column, served
// through database/sql by a driver of its own: it can go down, come back,
// be slow, and hold NULLs, as a real database can, without one.
type table struct {
	mu      sync.Mutex
	rows    []any // string or nil
	down    bool
	delay   time.Duration
	queries []string
}

func (t *table) set(rows ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows = rows
}

func (t *table) setDown(down bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.down = down
}

func (t *table) lastQuery() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.queries) == 0 {
		return ""
	}
	return t.queries[len(t.queries)-1]
}

var errDown = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

// open returns a *sql.DB reading t.
func (t *table) open() *sql.DB { return sql.OpenDB(connector{t}) }

type connector struct{ t *table }

func (c connector) Connect(context.Context) (driver.Conn, error) {
	c.t.mu.Lock()
	defer c.t.mu.Unlock()
	if c.t.down {
		return nil, errDown
	}
	return conn(c), nil
}

func (c connector) Driver() driver.Driver { return nil }

type conn struct{ t *table }

func (c conn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("not supported") }
func (c conn) Close() error                        { return nil }
func (c conn) Begin() (driver.Tx, error)           { return nil, errors.New("not supported") }

// ResetSession makes database/sql drop pooled connections while the
// database is down, as a real driver's broken connection would.
func (c conn) ResetSession(context.Context) error {
	c.t.mu.Lock()
	defer c.t.mu.Unlock()
	if c.t.down {
		return driver.ErrBadConn
	}
	return nil
}

func (c conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.t.mu.Lock()
	c.t.queries = append(c.t.queries, query)
	down, delay, rows := c.t.down, c.t.delay, c.t.rows
	c.t.mu.Unlock()
	if down {
		return nil, errDown
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return &result{rows: rows}, nil
}

type result struct {
	rows []any
	i    int
}

func (r *result) Columns() []string { return []string{"origin"} }
func (r *result) Close() error      { return nil }
func (r *result) Next(dest []driver.Value) error {
	if r.i == len(r.rows) {
		return io.EOF
	}
	v := r.rows[r.i]
	r.i++
	if err, ok := v.(error); ok {
		return err // the connection broke mid-result
	}
	dest[0] = v
	return nil
}

// many returns n distinct valid origins.
func many(n int) []any {
	rows := make([]any, n)
	for i := range rows {
		rows[i] = fmt.Sprintf("https://tenant-%d.example.com", i)
	}
	return rows
}
