package e2e

import (
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// TestBrowserReportOnly: in the browser, for every adapter, a stricter
// candidate run report-only reports some of a page's calls while every
// call still succeeds; once the candidate is put in force (Live.Store),
// the calls that fail are exactly those it reported.
func TestBrowserReportOnly(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	at := pages.at
	appPage, app := at("app.example.test")
	otherPage, _ := at("other.example.test")
	// No Access-Control-Max-Age: no preflight answered in one phase is
	// cached for the next (each phase's paths are new to the browser too).
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true, PreflightMaxAge: core.NoPreflightMaxAge})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{app}, AllowMethods: []string{"GET", "POST"}, PreflightMaxAge: core.NoPreflightMaxAge})
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()

	// The calls of the page, by name; the phase and adapter go into the
	// path.
	calls := []struct{ name, page, method string }{
		{"get-from-app", appPage, http.MethodGet},
		{"put-from-app", appPage, http.MethodPut}, // preflighted: the candidate refuses PUT
		{"get-from-other", otherPage, http.MethodGet},
		{"post-from-app", appPage, http.MethodPost},
	}
	for i, ad := range sourceAdapters {
		t.Run(ad.name, func(t *testing.T) {
			var mu sync.Mutex
			reported := map[string]bool{}
			live := core.NewLive(enforced)
			src, err := core.ReportOnly(live, candidate, core.ReportOptions{UnlimitedRecords: true, Report: func(d core.Disagreement) {
				mu.Lock()
				defer mu.Unlock()
				// The path is /<call>/<adapter>/<phase>.
				reported[strings.Split(d.Path, "/")[1]] = true
			}})
			require.NoError(t, err)
			var server http.Handler
			if ad.server != nil {
				server = ad.server(src, dynApp)
			}
			port := serveOn(t, server, func(ln net.Listener) func() { return ad.listen(src, dynApp, ln) })

			// run makes every call once and returns the names of those the
			// browser let the script read.
			run := func(phase int) (succeeded []string) {
				for _, call := range calls {
					spec := fetchSpec{
						URL:    "http://" + scenario.APIHost + ":" + strconv.Itoa(port) + "/" + call.name + "/" + strconv.Itoa(i) + "/" + strconv.Itoa(phase),
						Method: call.method, Headers: [][2]string{}, Times: 1, Cache: "no-store",
					}
					if call.method != http.MethodGet {
						spec.Headers = [][2]string{{"Content-Type", "text/plain"}}
						spec.Body = "{}"
					}
					if call.method == http.MethodPut {
						spec.Headers = [][2]string{{"Content-Type", "application/json"}}
					}
					res, err := tb.fetch(call.page, spec, 20*time.Second)
					require.NoError(t, err, call.name)
					require.Len(t, res, 1, call.name)
					if res[0].Error == "" && res[0].Body == corstest.AppBody {
						succeeded = append(succeeded, call.name)
					}
				}
				return succeeded
			}
			all := []string{"get-from-app", "put-from-app", "get-from-other", "post-from-app"}

			assert.Equal(t, all, run(1), "report-only: every call succeeds, as the enforced policy grants them")
			mu.Lock()
			var names []string
			for name := range reported {
				names = append(names, name)
			}
			mu.Unlock()
			slices.Sort(names)
			assert.Equal(t, []string{"get-from-other", "put-from-app"}, names, "the calls the candidate reported")

			live.Store(candidate)
			var failed []string
			succeeded := run(2)
			for _, name := range all {
				if !slices.Contains(succeeded, name) {
					failed = append(failed, name)
				}
			}
			slices.Sort(failed)
			assert.Equal(t, names, failed, "with the candidate in force, the calls that fail are those it reported")
		})
	}
}
