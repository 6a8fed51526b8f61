// Command fleetapi is one instance of the fleet that make pg-fleet runs: an
// API whose allowed origins live in a PostgreSQL table, kept in step by
// LISTEN/NOTIFY, with an admin endpoint that only writes the table. Two of
// them share nothing but the database.
//
//	fleetapi -dsn postgres://… [-addr 127.0.0.1:0]
//
// It prints "listening on http://ADDR" once it serves.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
	"github.com/corsheaders/corsheaders/pgorigins"
)

func main() {
	dsn := flag.String("dsn", "", "PostgreSQL connection string")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	changeLog := flag.Bool("changelog", false, "apply the changes of the table's change log (pgorigins.InstallChangeLog) one by one")
	table := flag.String("table", sqlorigins.DefaultTable, "the table of origins")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	db, err := sql.Open("pgx", *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	// An hour between scheduled reads: only a notification can explain a
	// change seen within a second.
	origins, err := sqlorigins.New(sqlorigins.Config{DB: db, Base: core.Config{AllowCredentials: true}, Interval: time.Hour, Logger: logger, Table: *table, MaxRows: 2_000_000})
	if err != nil {
		log.Fatal(err)
	}
	// applied records when each change read from the log was in force
	// here, for the scale run's commit-to-served times.
	var appliedMu sync.Mutex
	applied := map[string]int64{} // "+origin" or "-origin": Unix nanoseconds
	if *changeLog {
		go func() {
			_ = pgorigins.Listen(ctx, pgorigins.Config{
				ConnString: withParam(*dsn, "application_name=pgorigins_listener"), Channel: *table, Reloader: origins, Logger: logger,
				// A lost connection is opened again after 5–10 ms the first
				// time: the changes made meanwhile wait for it.
				MinBackoff: 10 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, ChangeLog: true, Table: *table,
				Applied: func(changes []sqlorigins.Change) {
					now := time.Now().UnixNano()
					appliedMu.Lock()
					defer appliedMu.Unlock()
					for _, c := range changes {
						op := "-"
						if c.Added {
							op = "+"
						}
						if _, seen := applied[op+c.Value]; !seen {
							applied[op+c.Value] = now
						}
					}
				},
			})
		}()
	} else {
		if err := origins.Refresh(ctx); err != nil {
			log.Fatal(err)
		}
		go func() { _ = origins.Run(ctx) }()
	}
	go func() {
		if *changeLog {
			return
		}
		// The fleet test makes changes a few milliseconds apart and wants
		// each in force within a second: reads may follow each other
		// closer than DefaultMinInterval here (TestNotifyFlood measures
		// the default).
		_ = pgorigins.Listen(ctx, pgorigins.Config{ConnString: *dsn, Reloader: origins, Logger: logger, MaxBackoff: 200 * time.Millisecond, MinInterval: 100 * time.Millisecond})
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "items") })
	// The admin endpoint only writes the table: the trigger tells every
	// instance, this one included. (A real one is protected, as
	// examples/dborigins shows; this one listens on loopback for a test.)
	mux.HandleFunc("POST /admin/origins", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.ExecContext(r.Context(), `INSERT INTO cors_origins (origin) VALUES ($1) ON CONFLICT DO NOTHING`, r.FormValue("origin")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("DELETE /admin/origins", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.ExecContext(r.Context(), `DELETE FROM cors_origins WHERE origin = $1`, r.URL.Query().Get("origin")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("GET /admin/status", func(w http.ResponseWriter, r *http.Request) {
		st := origins.Status()
		skipped := []string{}
		for _, s := range st.Skipped {
			skipped = append(skipped, s.Value)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"origins": st.Origins, "skipped": skipped})
	})
	mux.HandleFunc("GET /admin/applied", func(w http.ResponseWriter, r *http.Request) {
		appliedMu.Lock()
		defer appliedMu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(applied)
	})
	// The origins in force, one per line, for a check row by row.
	mux.HandleFunc("GET /admin/inforce", func(w http.ResponseWriter, r *http.Request) {
		bw := bufio.NewWriter(w)
		for o := range origins.Policy().Origins() {
			_, _ = bw.WriteString(o + "\n")
		}
		_ = bw.Flush()
	})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := core.Handle(origins, w.Header(), r); d.Answered() {
			w.WriteHeader(d.Status)
			return
		}
		mux.ServeHTTP(w, r)
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	fmt.Printf("listening on http://%s\n", ln.Addr())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

// withParam adds a parameter to a connection URL.
func withParam(dsn, param string) string {
	if strings.Contains(dsn, "?") {
		return dsn + "&" + param
	}
	return dsn + "?" + param
}
