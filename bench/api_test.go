package bench_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/bench"
)

// BenchmarkAPI is the macro benchmark: requests per second of a small JSON
// API over loopback HTTP/1.1 keep-alive, one client connection sending one
// request after the other, with each implementation in front of the API, as
// BenchmarkAPI/scenario=NAME/impl=ID. Client and server share the machine,
// so req/s counts both; the difference between an implementation and its
// framework's baseline is what CORS costs in a whole request. Bound it with
// -benchtime (for instance 3000x) as any benchmark.
func BenchmarkAPI(b *testing.B) {
	for _, name := range bench.APIScenarios {
		s, ok := bench.ScenarioNamed(name)
		if !ok {
			b.Fatal(name)
		}
		b.Run("scenario="+s.Name, func(b *testing.B) {
			for _, im := range bench.Impls {
				if !im.HasAPI() || im.Baseline && s.Preflight {
					continue // without CORS, no route answers OPTIONS
				}
				b.Run("impl="+im.ID, func(b *testing.B) {
					api, err := im.StartAPI(s.Config)
					if err != nil {
						b.Fatal(err)
					}
					defer api.Close()
					tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}
					defer tr.CloseIdleConnections()
					c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
					req := bench.APIRequest(api.URL, s)
					if err := bench.Exchange(c, req); err != nil { // the connection, opened once
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					start := time.Now()
					for b.Loop() {
						if err := bench.Exchange(c, req); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
				})
			}
		})
	}
}

// TestAPI: every implementation's API answers both scenarios as the
// scenario says, over a real connection.
func TestAPI(t *testing.T) {
	for _, name := range bench.APIScenarios {
		s, _ := bench.ScenarioNamed(name)
		for _, im := range bench.Impls {
			if !im.HasAPI() || im.Baseline && s.Preflight {
				continue
			}
			api, err := im.StartAPI(s.Config)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(bench.APIRequest(api.URL, s))
			if err != nil {
				t.Fatalf("%s %s: %v", name, im.ID, err)
			}
			res.Body.Close()
			granted := res.Header.Get("Access-Control-Allow-Origin") != ""
			if res.StatusCode/100 != 2 || granted == im.Baseline {
				t.Errorf("%s %s: status %d, Access-Control-Allow-Origin %q", name, im.ID, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
			}
			api.Close()
		}
	}
}
