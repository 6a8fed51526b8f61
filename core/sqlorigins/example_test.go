package sqlorigins_test

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// Origins from a table; db is any *sql.DB (modernc.org/sqlite, pgx's
// stdlib, go-sql-driver/mysql…). The Reloader is a core.Source: give it to
// an adapter, e.g. chiadapter.FromPolicy(origins), ginadapter.FromPolicy or
// echoadapter.FromPolicy.
func Example() {
	var db *sql.DB // sql.Open(driver, dsn)
	ctx := context.Background()

	origins, err := sqlorigins.New(sqlorigins.Config{
		DB:   db,
		Base: core.Config{AllowCredentials: true},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := origins.Refresh(ctx); err != nil {
		log.Print(err) // Base alone is served until the table can be read
	}
	go func() { _ = origins.Run(ctx) }()

	// What every adapter does with each request: decide it from the policy
	// in memory, never from the database.
	app := http.NewServeMux()
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := core.Handle(origins, w.Header(), r); d.Answered() {
			w.WriteHeader(d.Status)
			return
		}
		app.ServeHTTP(w, r)
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", handler))
}
