package e2e

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// A fetchResult is what one fetch() call gave the page's script.
type fetchResult struct {
	// Error is the rejection, such as "TypeError: Failed to fetch"; the
	// rest is then unset.
	Error   string            `json:"error"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// verdict is what the script could learn from f.
func (f fetchResult) verdict() scenario.Verdict {
	if f.Error != "" {
		return scenario.Verdict{Error: true}
	}
	v := scenario.Verdict{Status: f.Status}
	for _, kv := range scenario.AppHeaders {
		name := strings.ToLower(kv[0])
		if _, ok := f.Headers[name]; ok {
			v.Readable = append(v.Readable, name)
		}
	}
	slices.Sort(v.Readable)
	return v
}

func sameVerdict(a, b scenario.Verdict) bool {
	return a.Error == b.Error && a.Status == b.Status && slices.Equal(a.Readable, b.Readable)
}

// A problem is one way a run differs from its scenario's expectation.
type problem struct {
	// Where: "browser" (what fetch() gave the script), "sent" (the
	// requests the browser sent) or "server" (the server's answers).
	Where string
	Text  string
}

func (p problem) String() string { return p.Where + ": " + p.Text }

// check compares a run of s with its expectation: the exchanges the API
// server recorded, and, from a browser, what each fetch() call gave the
// script. wantPreflights and wantActuals are the numbers of requests of
// each kind the server must have received.
func check(s scenario.Scenario, ports scenario.Ports, exchanges []*exchange, wantPreflights, wantActuals int, fetches []fetchResult, inBrowser bool) []problem {
	var ps []problem
	add := func(where, format string, args ...any) {
		ps = append(ps, problem{where, fmt.Sprintf(format, args...)})
	}

	if inBrowser {
		if len(fetches) != s.Times() {
			add("browser", "the page made %d fetch() calls, want %d", len(fetches), s.Times())
		}
		for i, f := range fetches {
			if got := f.verdict(); !sameVerdict(got, s.Want) {
				detail := ""
				if f.Error != "" {
					detail = " (" + f.Error + ")"
				}
				add("browser", "fetch %d gave %v%s, want %v", i+1, got, detail, s.Want)
			} else if f.Error == "" && f.Body != corstest.AppBody {
				add("browser", "fetch %d read the body %q, want the application's %q", i+1, f.Body, corstest.AppBody)
			}
		}
	}

	cases := s.Cases(ports)
	var pre, act *corstest.Case
	if s.Preflight != nil {
		pre, cases = &cases[0], cases[1:]
	}
	if s.Actual != nil {
		act = &cases[0]
	}
	var preflights, actuals int
	for _, e := range exchanges {
		if e.preflight() {
			preflights++
			if pre != nil {
				compareExchange(add, e, pre, "preflight")
			}
			if inBrowser && e.Cookie != "" {
				add("sent", "the preflight carried cookies %q; preflights never do", e.Cookie)
			}
			continue
		}
		actuals++
		if act != nil {
			compareExchange(add, e, act, "actual request")
		}
		if inBrowser {
			if sent := strings.Contains(e.Cookie, scenario.Cookie); sent != s.Cookie {
				add("sent", "the actual request carried the cookie: %v, want %v (Cookie: %q)", sent, s.Cookie, e.Cookie)
			}
		}
	}
	if preflights != wantPreflights {
		add("sent", "%d preflights reached the server, want %d", preflights, wantPreflights)
	}
	if actuals != wantActuals {
		add("sent", "%d actual requests reached the server, want %d", actuals, wantActuals)
	}
	return ps
}

// compareExchange checks one exchange against the corstest Case that
// describes it: the request as sent, then the server's answer.
func compareExchange(add func(where, format string, args ...any), e *exchange, c *corstest.Case, what string) {
	if e.Method != c.Request.Method {
		add("sent", "%s: method %q, want %q", what, e.Method, c.Request.Method)
	}
	if e.Path != c.Request.Path {
		add("sent", "%s: path %q, want %q", what, e.Path, c.Request.Path)
	}
	for _, h := range []struct {
		name string
		got  []string
	}{
		{"Origin", e.Origin},
		{"Access-Control-Request-Method", e.RequestMethod},
		{"Access-Control-Request-Headers", e.RequestHeaders},
	} {
		var want []string
		for _, kv := range c.Request.Header {
			if strings.EqualFold(kv[0], h.name) {
				want = append(want, kv[1])
			}
		}
		if !slices.Equal(h.got, want) {
			add("sent", "%s: %s %q, want %q", what, h.name, h.got, want)
		}
	}

	if e.Status != c.WantStatus() {
		add("server", "%s: status %d, want %d", what, e.Status, c.WantStatus())
	}
	if e.AppRan != c.NextRuns() {
		add("server", "%s: the application ran: %v, want %v (kind %v)", what, e.AppRan, c.NextRuns(), c.Kind)
	}
	if !maps.Equal(e.Header, c.Header) {
		add("server", "%s: headers %s, want %s", what, showHeader(e.Header), showHeader(c.Header))
	}
}

// showHeader prints h sorted by name.
func showHeader(h map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		parts = append(parts, k+": "+h[k])
	}
	return "{" + strings.Join(parts, "; ") + "}"
}
