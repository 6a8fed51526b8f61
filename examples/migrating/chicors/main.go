// Command chicors serves the API whose go-chi/cors configuration is migrated
// in docs/migrating.md.
package main

import (
	"log"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func newRouter() http.Handler {
	r := chi.NewRouter()
	r.Use(chiadapter.New(core.Config{
		AllowedOriginRegexes: []string{`https://.+`},
		AllowMethods:         []string{"GET", "POST", "PATCH"},
		AllowHeaders:         []string{"Content-Type", "X-Api-Key"},
		ExposeHeaders:        []string{"Link"},
		PreflightMaxAge:      300 * time.Second,
	}))
	r.Get("/api/articles", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Link", `</api/articles?page=2>; rel="next"`)
		w.Write([]byte("[]\n"))
	})
	r.Patch("/api/articles/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return r
}

func main() {
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", newRouter()))
}
