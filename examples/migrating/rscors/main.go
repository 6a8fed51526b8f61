// Command rscors serves the API whose rs/cors configuration is migrated in
// docs/migrating.md.
package main

import (
	"log"
	"log/slog"
	"net/http"
	"time"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		w.Write([]byte(r.Method + " order " + r.PathValue("id") + "\n"))
	})
	cors := chiadapter.New(core.Config{
		AllowedOrigins:   []string{"https://app.example.com", "https://*.example.com"},
		AllowMethods:     []string{http.MethodGet, http.MethodPost, http.MethodDelete},
		AllowHeaders:     []string{"Authorization", "Content-Type"},
		ExposeHeaders:    []string{"X-Request-Id"},
		AllowCredentials: true,
		PreflightMaxAge:  600 * time.Second,
		DebugLogger:      slog.Default(),
	})
	return cors(mux)
}

func main() {
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", newHandler()))
}
