package otelmetrics_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/otelmetrics"
)

func ExampleNew() {
	// The application's MeterProvider; here the SDK's, read by hand. A
	// server gives it a Prometheus or OTLP exporter instead
	// (examples/metrics serves /metrics).
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	m, err := otelmetrics.New(mp, otelmetrics.WithRefusedOrigins(10))
	if err != nil {
		panic(err)
	}
	policy := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	// Every adapter's FromPolicy takes the Source: r.Use(chiadapter.FromPolicy(src)).
	src := m.Source(policy)

	for _, origin := range []string{"https://app.example.com", "https://evil.example", "https://evil.example", ""} {
		r := httptest.NewRequest(http.MethodGet, "/api/todos", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		core.Handle(src, http.Header{}, r) // what the middleware does
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		panic(err)
	}
	var lines []string
	for _, mt := range rm.ScopeMetrics[0].Metrics {
		for _, dp := range mt.Data.(metricdata.Sum[int64]).DataPoints {
			attrs := ""
			for _, kv := range dp.Attributes.ToSlice() {
				if kv.Key != "rule" {
					attrs += " " + string(kv.Key) + "=" + kv.Value.AsString()
				}
			}
			lines = append(lines, fmt.Sprintf("%s%s: %d", mt.Name, attrs, dp.Value))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// corsheaders.decisions kind=actual outcome=granted reason=allowed: 1
	// corsheaders.decisions kind=actual outcome=refused reason=origin_not_allowed: 2
	// corsheaders.decisions kind=not_cors outcome=not_cors reason=no_origin: 1
	// corsheaders.refused_origins origin=https://evil.example: 2
}
