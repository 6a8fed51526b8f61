// Command dborigins serves an API whose allowed origins live in a SQLite
// database (modernc.org/sqlite: pure Go, no cgo), changed at run time
// through a small admin endpoint, without a restart.
//
//	go run ./examples/dborigins [-addr 127.0.0.1:8000] [-db path] [-interval 30s]
//
// The admin endpoint takes a bearer token, printed at start (or set with
// DBORIGINS_ADMIN_TOKEN), and answers only on loopback:
//
//	curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/admin/origins
//	curl -H "Authorization: Bearer $TOKEN" -X POST http://127.0.0.1:8000/admin/origins -d origin=https://app.example.com
//	curl -H "Authorization: Bearer $TOKEN" -X DELETE 'http://127.0.0.1:8000/admin/origins?origin=https://app.example.com'
//	curl -i http://127.0.0.1:8000/api/items -H 'Origin: https://app.example.com'
//
// An origin added or removed through the endpoint is in force at once (the
// endpoint refreshes the policy); a change made in the database by other
// means is picked up within -interval.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	dbPath := flag.String("db", filepath.Join(os.TempDir(), "corsheaders-dborigins.db"), "SQLite database file (created when missing)")
	interval := flag.Duration("interval", 30*time.Second, "how often the table is read again")
	flag.Parse()

	token := os.Getenv("DBORIGINS_ADMIN_TOKEN")
	if token == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		token = hex.EncodeToString(b)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	db, err := openDB(ctx, *dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	app, err := newApp(ctx, db, token, *interval, slog.Default())
	if err != nil {
		log.Fatal(err)
	}
	go func() { _ = app.origins.Run(ctx) }()

	srv := &http.Server{Addr: *addr, Handler: app.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	log.Printf("API on http://%s/api/items; allowed origins in %s", *addr, *dbPath)
	log.Printf("admin: curl -H 'Authorization: Bearer %s' http://%s/admin/origins", token, *addr)
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

// openDB opens (and creates, when missing) the SQLite database and its
// table of origins.
func openDB(ctx context.Context, path string) (*sql.DB, error) {
	// WAL and a busy timeout let the admin endpoint write while the
	// reloader reads.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

const schema = `CREATE TABLE IF NOT EXISTS cors_origins (
	origin TEXT PRIMARY KEY,
	added  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
)`
