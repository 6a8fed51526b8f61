package caddyadapter

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// answers is a ResponseWriter that keeps the header of each answer sent:
// 1xx ones, then the final one.
type answers struct {
	h    http.Header
	sent []http.Header
	done bool
}

func (a *answers) Header() http.Header { return a.h }

func (a *answers) WriteHeader(status int) {
	if !a.done {
		a.sent = append(a.sent, a.h.Clone())
		a.done = status >= 200
	}
}

func (a *answers) Write(b []byte) (int, error) {
	a.WriteHeader(http.StatusOK)
	return len(b), nil
}

func (a *answers) Flush() { a.WriteHeader(http.StatusOK) }

// final is the header of the final answer.
func (a *answers) final() http.Header {
	if !a.done {
		return nil
	}
	return a.sent[len(a.sent)-1]
}

type handlerFunc func(http.ResponseWriter, *http.Request) error

func (f handlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) error { return f(w, r) }

// TestOnlyTheDecisionsHeaders: whatever the handlers after it do to the
// header map — add an upstream's CORS lines, send a 103 first, write the
// lines in place between the 103 and the final answer, flush before
// writing — the final answer carries the decision's Access-Control-*
// lines only.
func TestOnlyTheDecisionsHeaders(t *testing.T) {
	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true, ExposeHeaders: []string{"X-Total"}})
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{policy: p}
	upstream := func(hd http.Header) {
		hd.Add("Access-Control-Allow-Origin", "*")
		hd.Set("Access-Control-Allow-Methods", "GET")
		hd.Add("Access-Control-Expose-Headers", "X-Upstream")
	}
	for name, next := range map[string]handlerFunc{
		"write": func(w http.ResponseWriter, _ *http.Request) error {
			upstream(w.Header())
			_, err := w.Write([]byte("ok"))
			return err
		},
		"103, in place, final": func(w http.ResponseWriter, _ *http.Request) error {
			upstream(w.Header())
			w.WriteHeader(http.StatusEarlyHints)
			for name, v := range w.Header() {
				for i := range v {
					if isCORS(name) {
						v[i] = "changed"
					}
				}
			}
			upstream(w.Header())
			w.WriteHeader(http.StatusOK)
			return nil
		},
		"flush": func(w http.ResponseWriter, _ *http.Request) error {
			upstream(w.Header())
			return http.NewResponseController(w).Flush()
		},
	} {
		t.Run(name, func(t *testing.T) {
			w := &answers{h: http.Header{}}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Origin", "https://app.example.com")
			w.Header().Set("Access-Control-Max-Age", "1") // a header directive's, before the handler
			if err := h.ServeHTTP(w, r, next); err != nil {
				t.Fatal(err)
			}
			got := w.final()
			for name, want := range map[string][]string{
				"Access-Control-Allow-Origin":      {"https://app.example.com"},
				"Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Expose-Headers":    {"X-Total"},
				"Access-Control-Allow-Methods":     nil,
				"Access-Control-Max-Age":           nil,
				"Vary":                             {"Origin"},
			} {
				if !slices.Equal(got[name], want) {
					t.Errorf("%s: %q, want %q", name, got[name], want)
				}
			}
		})
	}
}
