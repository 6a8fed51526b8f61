package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/todotest"
)

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := newServer(nil, todo.NewStore())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestTodosFromThePage(t *testing.T) {
	h, err := newServer(nil, todo.NewStore())
	require.NoError(t, err)
	todotest.FromThePage(t, h)
}

func TestTodosFromElsewhere(t *testing.T) {
	h, err := newServer(nil, todo.NewStore())
	require.NoError(t, err)
	todotest.FromElsewhere(t, h)
}

// send makes n requests over HTTP, kv being header names and values.
func send(t *testing.T, srv *httptest.Server, n int, method, path string, kv ...string) {
	t.Helper()
	for range n {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		require.NoError(t, err)
		for i := 0; i+1 < len(kv); i += 2 {
			req.Header[kv[i]] = []string{kv[i+1]} // as is, even when not UTF-8
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// scrape reads /metrics over HTTP as Prometheus does, and returns the
// corsheaders series as `name{label="value",…}` → value.
func scrape(t *testing.T, srv *httptest.Server) map[string]float64 {
	t.Helper()
	res, err := srv.Client().Get(srv.URL + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	require.NoError(t, err)
	got := map[string]float64{}
	for name, f := range families {
		if !strings.HasPrefix(name, "corsheaders_") {
			continue
		}
		require.Equal(t, dto.MetricType_COUNTER, f.GetType(), name)
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				if !strings.HasPrefix(l.GetName(), "otel_scope_") {
					labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
				}
			}
			got[name+"{"+strings.Join(labels, ",")+"}"] = m.GetCounter().GetValue()
		}
	}
	return got
}

const page = todo.Page

// A known mix of requests, scraped from /metrics and parsed as Prometheus
// does: exact counts per kind, outcome and reason, and the refused origins.
func TestMetricsCountAKnownMix(t *testing.T) {
	srv := newTestServer(t)
	preflight := func(kv ...string) []string {
		return append([]string{"Origin", page, "Access-Control-Request-Method", "PUT"}, kv...)
	}
	send(t, srv, 3, http.MethodGet, "/api/todos", "Origin", page)
	send(t, srv, 2, http.MethodGet, "/api/todos", "Origin", "https://evil.example")
	send(t, srv, 1, http.MethodGet, "/api/todos", "Origin", "HTTPS://EVIL.EXAMPLE:443")
	send(t, srv, 4, http.MethodOptions, "/api/todos/1", preflight("Access-Control-Request-Headers", "content-type")...)
	send(t, srv, 2, http.MethodOptions, "/api/todos/1", preflight("Access-Control-Request-Headers", "x-secret")...)
	send(t, srv, 1, http.MethodOptions, "/api/todos/1", preflight("Access-Control-Request-Private-Network", "true")...)
	send(t, srv, 5, http.MethodGet, "/api/todos")
	// Hostile origins: not UTF-8, and 10 kB long.
	send(t, srv, 1, http.MethodGet, "/api/todos", "Origin", "https://ex\xffample.com")
	send(t, srv, 1, http.MethodGet, "/api/todos", "Origin", "https://"+strings.Repeat("a", 10000)+".example")

	assert.Equal(t, map[string]float64{
		`corsheaders_decisions_total{kind="actual",outcome="granted",reason="allowed",rule=""}`:                                 3,
		`corsheaders_decisions_total{kind="actual",outcome="refused",reason="origin_not_allowed",rule=""}`:                      4,
		`corsheaders_decisions_total{kind="actual",outcome="refused",reason="origin_malformed",rule=""}`:                        1,
		`corsheaders_decisions_total{kind="preflight_accepted",outcome="granted",reason="allowed",rule=""}`:                     4,
		`corsheaders_decisions_total{kind="preflight_rejected",outcome="refused",reason="header_not_allowed",rule=""}`:          2,
		`corsheaders_decisions_total{kind="preflight_accepted",outcome="partial",reason="private_network_not_allowed",rule=""}`: 1,
		`corsheaders_decisions_total{kind="not_cors",outcome="not_cors",reason="no_origin",rule=""}`:                            5,
		`corsheaders_refused_origins_total{origin="https://evil.example"}`:                                                      3,
		`corsheaders_refused_origins_total{origin="http://localhost:8001"}`:                                                     2,
		`corsheaders_refused_origins_total{origin="(malformed)"}`:                                                               2,
	}, scrape(t, srv))
}
