//go:build !race

// Report-only mode is measured and its allocations counted without the
// race detector, which changes both.

package bench

import (
	"net/http"
	"runtime"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// reportOnlyModes are how BenchmarkReportOnly runs each adapter: the
// scenario's policy alone (off); with core.ReportOnly and a candidate that
// agrees on every request (agree: what report-only costs in the common
// case); and with a candidate that allows another origin only, so that
// every request with an Origin disagrees and all but the first few records
// are held back by the rate limit (disagree: a flood).
var reportOnlyModes = []string{"off", "agree", "disagree"}

// fromSource returns a constructor of an adapter's middleware for a
// scenario's Config, built with the adapter's FromPolicy as mode says.
func fromSource[M any](fromPolicy func(core.Source) M, mode string) func(core.Config) M {
	return func(cfg core.Config) M {
		p := core.MustPolicy(cfg)
		if mode == "off" {
			return fromPolicy(p)
		}
		candidate := p
		if mode == "disagree" {
			candidate = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://other.example.com"}})
		}
		src, err := core.ReportOnly(p, candidate, core.ReportOptions{Report: func(core.Disagreement) {}})
		if err != nil {
			panic(err)
		}
		return fromPolicy(src)
	}
}

// reportOnlyAdapters build each adapter's server as Impls does, for a mode.
var reportOnlyAdapters = []struct {
	id    string
	build func(mode string) func(core.Config, *App) func(*Writer, *http.Request)
}{
	{"chiadapter", func(m string) func(core.Config, *App) func(*Writer, *http.Request) {
		return netHTTP(fromSource(chiadapter.FromPolicy, m))
	}},
	{"ginadapter", func(m string) func(core.Config, *App) func(*Writer, *http.Request) {
		return ginEngine(fromSource[gin.HandlerFunc](ginadapter.FromPolicy, m))
	}},
	{"echoadapter", func(m string) func(core.Config, *App) func(*Writer, *http.Request) {
		return echoServer(fromSource[echo.MiddlewareFunc](echoadapter.FromPolicy, m))
	}},
	{"echov5adapter", func(m string) func(core.Config, *App) func(*Writer, *http.Request) {
		return echoV5Server(fromSource[echov5.MiddlewareFunc](echov5adapter.FromPolicy, m))
	}},
	{"fiberadapter", func(m string) func(core.Config, *App) func(*Writer, *http.Request) {
		return fiberApp(fromSource[fiber.Handler](fiberadapter.FromPolicy, m))
	}},
}

// reportOnlyScenarios are the scenarios BenchmarkReportOnly serves.
var reportOnlyScenarios = []string{"actual-allowed", "actual-disallowed", "preflight-allowed", "preflight-disallowed"}

func reportOnlyScenario(name string) Scenario {
	for _, s := range Scenarios {
		if s.Name == name {
			return s
		}
	}
	panic("no scenario " + name)
}

// BenchmarkReportOnly serves the main scenarios through every adapter with
// report-only off, on with a candidate that agrees, and on with one that
// disagrees on every request, as
// BenchmarkReportOnly/scenario=NAME/impl=ID/reportonly=MODE.
func BenchmarkReportOnly(b *testing.B) {
	for _, name := range reportOnlyScenarios {
		s := reportOnlyScenario(name)
		req := s.Request()
		b.Run("scenario="+s.Name, func(b *testing.B) {
			for _, ad := range reportOnlyAdapters {
				b.Run("impl="+ad.id, func(b *testing.B) {
					for _, mode := range reportOnlyModes {
						b.Run("reportonly="+mode, func(b *testing.B) {
							app := new(App)
							serve := ad.build(mode)(s.Config, app)
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
				})
			}
		})
	}
}

// TestReportOnlyAllocatesNothingMore: through every adapter, a candidate
// that agrees costs no allocation per request.
func TestReportOnlyAllocatesNothingMore(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counting is skipped under -short")
	}
	for _, name := range reportOnlyScenarios {
		s := reportOnlyScenario(name)
		req := s.Request()
		for _, ad := range reportOnlyAdapters {
			var allocs [2]float64
			for i, mode := range []string{"off", "agree"} {
				serve := ad.build(mode)(s.Config, new(App))
				w := NewWriter()
				allocs[i] = testing.AllocsPerRun(200, func() { w.Reset(); serve(w, req) })
			}
			if allocs[1] != allocs[0] {
				t.Errorf("%s, %s: %v allocations report-only, %v alone", name, ad.id, allocs[1], allocs[0])
			}
		}
	}
}
