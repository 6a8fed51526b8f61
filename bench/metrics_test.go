package bench

import (
	"context"
	"net/http"
	"runtime"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
	"github.com/corsheaders/corsheaders/otelmetrics"
)

// BenchmarkMetrics is the cost of counting decisions with otelmetrics
// (OpenTelemetry's SDK behind it, collected by a ManualReader), per
// adapter: metrics=off is the adapter alone, metrics=on counts every
// decision, metrics=top-n also keeps the top 10 refused origins. Compare
// the three within one run:
//
//	go test -run '^$' -bench 'Metrics' -benchtime 200ms ./bench
func BenchmarkMetrics(b *testing.B) {
	for _, name := range []string{"actual-allowed", "actual-disallowed", "preflight-allowed", "no-origin"} {
		s := scenarioNamed(b, name)
		req := s.Request()
		b.Run("scenario="+s.Name, func(b *testing.B) {
			for _, a := range metricsAdapters {
				for _, mode := range []string{"off", "on", "top-n"} {
					b.Run("adapter="+a.name+"/metrics="+mode, func(b *testing.B) {
						wrap := metricsSource(b, mode)
						serve := a.build(wrap)(s.Config, new(App))
						w := NewWriter()
						serve(w, req)
						runtime.GC()
						b.ReportAllocs()
						b.ResetTimer()
						for b.Loop() {
							w.Reset()
							serve(w, req)
						}
					})
				}
			}
		})
	}
}

// metricsAdapters build each adapter with its policy's Source passed
// through wrap first.
var metricsAdapters = []struct {
	name  string
	build func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request)
}{
	{"chi", func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request) {
		return netHTTP(func(cfg core.Config) func(http.Handler) http.Handler {
			return chiadapter.FromPolicy(wrap(core.MustPolicy(cfg)))
		})
	}},
	{"gin", func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request) {
		return ginEngine(func(cfg core.Config) gin.HandlerFunc { return ginadapter.FromPolicy(wrap(core.MustPolicy(cfg))) })
	}},
	{"echo", func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request) {
		return echoServer(func(cfg core.Config) echo.MiddlewareFunc { return echoadapter.FromPolicy(wrap(core.MustPolicy(cfg))) })
	}},
	{"echov5", func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request) {
		return echoV5Server(func(cfg core.Config) echov5.MiddlewareFunc {
			return echov5adapter.FromPolicy(wrap(core.MustPolicy(cfg)))
		})
	}},
	{"fiber", func(wrap func(core.Source) core.Source) func(core.Config, *App) func(*Writer, *http.Request) {
		return fiberApp(func(cfg core.Config) fiber.Handler { return fiberadapter.FromPolicy(wrap(core.MustPolicy(cfg))) })
	}},
}

// metricsSource returns how a policy is wrapped in mode: as is, or
// counted by otelmetrics on a fresh SDK provider.
func metricsSource(b *testing.B, mode string) func(core.Source) core.Source {
	if mode == "off" {
		return func(src core.Source) core.Source { return src }
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	var opts []otelmetrics.Option
	if mode == "top-n" {
		opts = append(opts, otelmetrics.WithRefusedOrigins(10))
	}
	m, err := otelmetrics.New(mp, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return m.Source
}

func scenarioNamed(b *testing.B, name string) Scenario {
	for _, s := range Scenarios {
		if s.Name == name {
			return s
		}
	}
	b.Fatalf("no scenario %q", name)
	return Scenario{}
}
