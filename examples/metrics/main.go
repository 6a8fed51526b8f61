// Command metrics serves the to-do API of examples/internal/todo with chi
// to the page at http://localhost:8001, counts every CORS decision with
// OpenTelemetry (otelmetrics), and serves the counts on /metrics through
// OpenTelemetry's Prometheus exporter:
//
//	go run ./examples/metrics [-addr 127.0.0.1:8000] [-debug]
//	curl -s http://127.0.0.1:8000/metrics | grep corsheaders
package main

import (
	"log"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/chiapi"
	"github.com/corsheaders/corsheaders/otelmetrics"
)

func main() {
	f := todo.ParseFlags()
	h, err := newServer(f.Debug, todo.NewStore())
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(todo.Serve(f.Addr, h))
}

// newServer serves the API with CORS, each decision counted, and /metrics
// without CORS: it is for Prometheus, not for pages.
func newServer(debug *slog.Logger, s *todo.Store) (http.Handler, error) {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry))
	if err != nil {
		return nil, err
	}
	m, err := otelmetrics.New(sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)),
		otelmetrics.WithRefusedOrigins(10)) // the 10 origins refused most often
	if err != nil {
		return nil, err
	}
	policy, err := core.NewPolicy(core.Config{
		AllowedOrigins:   []string{todo.Page},
		AllowCredentials: true,
		ExposeHeaders:    []string{"Location"},
		DebugLogger:      debug,
	})
	if err != nil {
		return nil, err
	}
	r := chi.NewRouter()
	r.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	r.Group(func(r chi.Router) {
		r.Use(chiadapter.FromPolicy(m.Source(policy)))
		r.Route("/api", func(r chi.Router) { chiapi.Register(r, s) })
	})
	return r, nil
}
