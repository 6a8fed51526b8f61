// Command jub0bscors serves the API whose jub0bs/cors configuration is
// migrated in docs/migrating.md.
package main

import (
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func corsConfig() core.Config {
	cfg := core.Config{
		AllowedOrigins:   []string{"https://example.com", "https://*.example.com"},
		AllowCredentials: true,
		AllowMethods:     []string{http.MethodPut, http.MethodDelete},
		AllowHeaders:     []string{"Authorization"},
		PreflightMaxAge:  30 * time.Second,
		ExposeHeaders:    []string{"X-Response-Time"},
	}
	if os.Getenv("CORS_DEBUG") != "" {
		cfg.DebugLogger = slog.Default()
	}
	return cfg
}

// newHandler returns the API and the Live that holds its CORS policy, to
// be given a new configuration with Reload while the server runs.
func newHandler() (http.Handler, *core.Live, error) {
	p, err := core.NewPolicy(corsConfig())
	if err != nil {
		return nil, nil, err
	}
	live := core.NewLive(p)
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /api/docs/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Response-Time", "1ms")
		w.WriteHeader(http.StatusNoContent)
	})
	return chiadapter.FromPolicy(live)(mux), live, nil
}

func main() {
	h, _, err := newHandler()
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", h))
}
