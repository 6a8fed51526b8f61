package e2e

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/internal/scenario"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.cancel()
	}
	os.Exit(code)
}

// A run is one scenario against one middleware.
type run struct {
	s       scenario.Scenario
	adapter string
	fetches []fetchResult
	// preflights and actuals count the requests of each kind the server
	// received.
	preflights, actuals int
	problems            []problem
	err                 error // the run could not be made: the browser failed
}

// verdict is what the page saw, as a table cell shows it.
func (r *run) verdict() string {
	switch {
	case r.err != nil:
		return "no run"
	case len(r.fetches) == 0:
		return "—"
	}
	return r.fetches[0].verdict().String()
}

// cell is r as the results table shows it: ✓ or ✗, what the page saw, and
// what the server received.
func (r *run) cell() string {
	mark := "✓"
	if r.failed() {
		mark = "✗"
	}
	if r.err != nil {
		return mark + " " + r.verdict()
	}
	return fmt.Sprintf("%s %s %s", mark, r.verdict(), countLabel(r.preflights, r.actuals))
}

// failed reports whether r differs from its expectation.
func (r *run) failed() bool { return r.err != nil || len(r.problems) > 0 }

// failedAt reports whether r has a problem of the given kind.
func (r *run) failedAt(where string) bool {
	return slices.ContainsFunc(r.problems, func(p problem) bool { return p.Where == where })
}

// parallelism is how many scenarios run at once: E2E_PARALLEL, or 4.
func parallelism() int {
	if n, err := strconv.Atoi(os.Getenv("E2E_PARALLEL")); err == nil && n > 0 {
		return n
	}
	return 4
}

// runMatrix runs every scenario against every adapter, in the browser
// when c is not nil and by replaying the scenario's requests from Go
// otherwise. Its result is indexed by scenario, then adapter.
func runMatrix(c *chromium, pages *pageServers, scenarios []scenario.Scenario, ads []adapter) [][]*run {
	ports := pages.ports()
	runs := make([][]*run, len(scenarios))
	type job struct{ i, j int }
	var all []job
	for i := range scenarios {
		runs[i] = make([]*run, len(ads))
		for j := range ads {
			all = append(all, job{i, j})
		}
	}
	// The scenarios that wait between their calls go first, so that the
	// others run while they wait.
	slices.SortStableFunc(all, func(a, b job) int {
		return -cmp.Compare(scenarios[a.i].Fetch.Pause, scenarios[b.i].Fetch.Pause)
	})
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range parallelism() {
		wg.Go(func() {
			var tb *tab
			defer func() {
				if tb != nil {
					tb.close()
				}
			}()
			for jb := range jobs {
				s, ad := scenarios[jb.i], ads[jb.j]
				if c == nil {
					runs[jb.i][jb.j] = replay(ports, s, ad)
					continue
				}
				r := &run{s: s, adapter: ad.name}
				if tb == nil {
					tb, r.err = c.newTab()
				}
				if r.err == nil {
					r = runInBrowser(tb, ports, s, ad)
				}
				if r.err != nil && tb != nil {
					tb.close() // it may be stuck: the next run opens another
					tb = nil
				}
				runs[jb.i][jb.j] = r
			}
		})
	}
	for _, jb := range all {
		jobs <- jb
	}
	close(jobs)
	wg.Wait()
	return runs
}

var runCounter atomic.Int64

// runInBrowser runs s against an API server built with ad, from a page
// in tab.
func runInBrowser(tb *tab, ports scenario.Ports, s scenario.Scenario, ad adapter) *run {
	api := startAPI(ad, s, ports)
	defer api.close()
	spec := fetchSpec{
		// The query makes every run's URL new to the browser, whose
		// preflight cache would otherwise answer for a later server that
		// happens to get an earlier one's port.
		URL:         api.URL(s.Path()) + "?run=" + strconv.FormatInt(runCounter.Add(1), 10),
		Method:      s.Fetch.Method,
		Headers:     s.Fetch.Header,
		Body:        s.Fetch.Body,
		Credentials: s.Fetch.Credentials,
		Cache:       s.Fetch.Cache,
		Times:       s.Times(),
		PauseMS:     s.Fetch.Pause.Milliseconds(),
		Sandboxed:   s.Sandboxed,
	}
	if spec.Method == "" {
		spec.Method = http.MethodGet
	}
	if spec.Headers == nil {
		spec.Headers = [][2]string{}
	}
	r := &run{s: s, adapter: ad.name}
	timeout := 30*time.Second + time.Duration(s.Times())*s.Fetch.Pause
	r.fetches, r.err = tb.fetch(s.PageOrigin(ports)+"/", spec, timeout)
	if r.err != nil {
		return r
	}
	pre, act := s.Counts()
	exchanges := api.exchanges()
	r.preflights, r.actuals = countKinds(exchanges)
	r.problems = check(s, ports, exchanges, pre, act, r.fetches, true)
	return r
}

// countKinds counts the preflights and the other requests among exchanges.
func countKinds(exchanges []*exchange) (preflights, actuals int) {
	for _, e := range exchanges {
		if e.preflight() {
			preflights++
		} else {
			actuals++
		}
	}
	return preflights, actuals
}

// replay sends s's requests, as the browser is expected to send them, to
// an API server built with ad, from Go: the servers' side of the scenario,
// without a browser.
func replay(ports scenario.Ports, s scenario.Scenario, ad adapter) *run {
	api := startAPI(ad, s, ports)
	defer api.close()
	r := &run{s: s, adapter: ad.name}
	var pre, act int
	if s.Preflight != nil {
		pre = 1
	}
	if s.Actual != nil {
		act = 1
	}
	for _, c := range s.Cases(ports) {
		req, err := http.NewRequest(c.Request.Method, api.base+c.Request.Path, nil)
		if err != nil {
			r.err = err
			return r
		}
		for _, kv := range c.Request.Header {
			req.Header.Add(kv[0], kv[1])
		}
		res, err := api.client.Do(req)
		if err != nil {
			r.err = err
			return r
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
	}
	exchanges := api.exchanges()
	r.preflights, r.actuals = countKinds(exchanges)
	r.problems = check(s, ports, exchanges, pre, act, nil, false)
	return r
}

// report turns runs into subtests, one per scenario and adapter.
func report(t *testing.T, scenarios []scenario.Scenario, ads []adapter, runs [][]*run) {
	for j, ad := range ads {
		t.Run(ad.name, func(t *testing.T) {
			for i, s := range scenarios {
				t.Run(strings.TrimPrefix(s.Name, "browser/"), func(t *testing.T) {
					r := runs[i][j]
					require.NoError(t, r.err)
					for _, p := range r.problems {
						t.Error(p)
					}
				})
			}
		})
	}
}

// TestReplay checks, without a browser, that each adapter's API server
// answers the requests of every browser scenario as expected, and that
// the checks catch every broken middleware. It is cheap, and runs in every
// go test.
func TestReplay(t *testing.T) {
	pages := startPages(t)
	scenarios := scenario.All()
	report(t, scenarios, adapters, runMatrix(nil, pages, scenarios, adapters))

	t.Run("broken middleware is caught", func(t *testing.T) {
		var broken []adapter
		for _, b := range brokenMiddlewares {
			broken = append(broken, b.adapter)
		}
		runs := runMatrix(nil, pages, scenarios, broken)
		for k, b := range brokenMiddlewares {
			assertCaught(t, b, scenarios, column(runs, k), false)
		}
	})
}

// column is the runs of the k-th adapter of a matrix, by scenario.
func column(runs [][]*run, k int) []*run {
	col := make([]*run, len(runs))
	for i := range runs {
		col[i] = runs[i][k]
	}
	return col
}

// assertCaught checks that the runs of broken middleware b, by scenario,
// fail where b says they must.
func assertCaught(t *testing.T, b brokenMiddleware, scenarios []scenario.Scenario, runs []*run, inBrowser bool) {
	t.Helper()
	failed, named := 0, 0
	for i, s := range scenarios {
		r := runs[i]
		require.NoError(t, r.err, "%s: %s", b.name, s.Name)
		if r.failed() {
			failed++
		}
		where, ok := b.caught[s.Name]
		if !ok {
			continue
		}
		named++
		if !inBrowser || where != "browser" {
			assert.True(t, r.failed(), "%s: %s must fail", b.name, s.Name)
			continue
		}
		assert.True(t, r.failedAt("browser"), "%s: %s: the page's fetch() must come out differently; problems: %v", b.name, s.Name, r.problems)
	}
	if named > 0 {
		assert.NotZero(t, failed, "%s: no scenario failed", b.name)
	}
	for s := range b.caught {
		assert.True(t, slices.ContainsFunc(scenario.All(), func(x scenario.Scenario) bool { return x.Name == s }), "%s: no scenario %q", b.name, s)
	}
}

// selected are the scenarios whose names contain $E2E_ONLY, or all.
func selected(t *testing.T) []scenario.Scenario {
	all := scenario.All()
	only := os.Getenv("E2E_ONLY")
	if only == "" {
		return all
	}
	var some []scenario.Scenario
	for _, s := range all {
		if strings.Contains(s.Name, only) {
			some = append(some, s)
		}
	}
	t.Logf("E2E_ONLY=%q: %d of %d scenarios", only, len(some), len(all))
	return some
}

// TestBrowser runs every scenario against every adapter in headless
// Chromium, then against each broken middleware, which must fail; it
// prints the results table, and writes it to docs/browser-conformance.md
// when E2E_WRITE_DOCS=1.
func TestBrowser(t *testing.T) {
	c := needBrowser(t)
	t.Logf("browser: %s", c.Version)
	pages := startPages(t)
	scenarios := selected(t)

	start := time.Now()
	runs := runMatrix(c, pages, scenarios, adapters)
	elapsed := time.Since(start)
	report(t, scenarios, adapters, runs)

	// The corsheaders command's check, against the same servers.
	checkCells, checkDiffs := checkColumn(runs, checkMatrix(t, pages, scenarios, adapters))
	t.Run("corsheaders check agrees with the browser", func(t *testing.T) {
		for _, d := range checkDiffs {
			t.Error(d)
		}
	})

	t.Run("adapters agree", func(t *testing.T) {
		for i, s := range scenarios {
			for j := 1; j < len(adapters); j++ {
				assert.Equal(t, runs[i][0].verdict(), runs[i][j].verdict(), "%s: %s and %s differ", s.Name, adapters[0].name, adapters[j].name)
			}
		}
	})

	// The broken middlewares skip the scenarios that wait between calls:
	// they test the browser's preflight cache, which no broken middleware
	// is about, and take most of the time.
	quick := slices.DeleteFunc(slices.Clone(scenarios), func(s scenario.Scenario) bool { return s.Fetch.Pause > 0 })
	var brokenRuns [][]*run
	t.Run("broken middleware is caught", func(t *testing.T) {
		var broken []adapter
		for _, b := range brokenMiddlewares {
			broken = append(broken, b.adapter)
		}
		brokenRuns = runMatrix(c, pages, quick, broken)
		for k, b := range brokenMiddlewares {
			assertCaught(t, b, quick, column(brokenRuns, k), true)
		}
	})

	checkDoc := checkBeyondAdapters(t, c, pages, quick, brokenRuns)

	doc := resultsDoc(c.Version, elapsed, scenarios, runs, checkCells, quick, brokenRuns) + checkDoc
	fmt.Println(doc)
	if os.Getenv("E2E_WRITE_DOCS") == "1" && os.Getenv("E2E_ONLY") == "" {
		path := filepath.Join("..", "docs", "browser-conformance.md")
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
		t.Logf("wrote %s", path)
	}
}

// resultsDoc is docs/browser-conformance.md: the table of verdicts, the
// differences, and what the broken middlewares showed.
func resultsDoc(version string, elapsed time.Duration, scenarios []scenario.Scenario, runs [][]*run, checkCells []string, quick []scenario.Scenario, brokenRuns [][]*run) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Browser conformance\n\n")
	w("Generated by `E2E_WRITE_DOCS=1 make e2e` (e2e/suite_test.go); do not edit by hand.\n\n")
	w("- Browser: %s, headless, driven over the DevTools protocol by chromedp (%s/%s).\n", version, runtime.GOOS, runtime.GOARCH)
	w("- %d scenarios, defined in `internal/scenario/scenario.go`, each run against the %s adapters: %d runs in %s.\n",
		len(scenarios), adapterNames(), len(scenarios)*len(adapters), elapsed.Round(100*time.Millisecond))
	w("- Fiber serves with its own fasthttp server; the other four behind Go's net/http server.\n")
	w("- Every name under `.test` resolves to 127.0.0.1 (`--host-resolver-rules`); the API server is `%s` on a port of its own per run,\n", scenario.APIHost)
	w("  and the pages are served on two other ports, `{page}` and `{alt}`. The browser holds a SameSite=Lax session cookie for the API host.\n\n")
	w("A verdict is what `fetch()` gave the page's script: the status, with `+name` for each of the application's\n")
	w("headers (%s) the script could read, or `TypeError`. ✓ means that the verdict, the requests the browser sent\n", appHeaderNames())
	w("(how many preflights and actual requests, their Origin, Access-Control-Request-* and cookies) and the\n")
	w("server's answers (status, whether the application ran, every Access-Control-* and Vary header) all match the\n")
	w("scenario. The server's side of each scenario is also a unit case of `corstest.Cases`, which every adapter's\n")
	w("tests and `core.Handle` itself pass.\n\n")

	w("Requests are counted as `[preflights+actual requests]` that reached the server; 🍪 marks an actual request\n")
	w("that must carry the API host's cookie (all others must not).\n\n")
	w("The last column is `corsheaders check` (docs/cli.md) run against the same servers: ✓ when its verdict is\n")
	w("Chromium's for every adapter and it sent the requests the scenario expects.\n\n")
	w("| scenario | page | fetch | expected |")
	for _, ad := range adapters {
		w(" %s |", ad.name)
	}
	w(" corsheaders check |")
	w("\n|---|---|---|---|%s---|\n", strings.Repeat("---|", len(adapters)))
	var diffs []string
	for i, s := range scenarios {
		pre, act := s.Counts()
		want := s.Want.String() + " " + countLabel(pre, act)
		if s.Cookie {
			want += " 🍪"
		}
		w("| %s | %s | %s | %s |", strings.TrimPrefix(s.Name, "browser/"), pageLabel(s), fetchLabel(s), want)
		for _, r := range runs[i] {
			if r.failed() {
				diffs = append(diffs, diffText(r))
			}
			w(" %s |", r.cell())
		}
		w(" %s |", checkCells[i])
		b.WriteString("\n")
	}
	w("\n## Where the browser or a server disagreed\n\n")
	if len(diffs) == 0 {
		w("Nowhere: Chromium and all %d adapters did exactly what the scenarios expect. Among what the\n", len(adapters))
		w("scenarios pin down about Chromium, beyond the CORS checks themselves:\n\n")
		w("%s", chromiumFacts)
	}
	for _, d := range diffs {
		w("%s\n", d)
	}

	if len(brokenRuns) > 0 {
		w("\n## Deliberately broken middlewares\n\n")
		w("To show that the suite can fail, it runs every scenario against middlewares with mistakes seen in the wild\n")
		w("(each the correct chi middleware, changed), save the %d that wait between calls. Each must fail the scenarios\n", len(scenarios)-len(quick))
		w("it is known to break; the last column counts those where the page's own `fetch()` came out differently.\n\n")
		w("| broken middleware | mistake | scenarios failed | of which the page's fetch() came out differently |\n|---|---|---|---|\n")
		for k, bm := range brokenMiddlewares {
			failed, inBrowser := 0, []string{}
			for i := range quick {
				r := brokenRuns[i][k]
				if r.failed() {
					failed++
				}
				if r.failedAt("browser") {
					inBrowser = append(inBrowser, strings.TrimPrefix(quick[i].Name, "browser/"))
				}
			}
			examples := strings.Join(inBrowser[:min(len(inBrowser), 3)], " · ")
			if len(inBrowser) > 3 {
				examples += " · …"
			}
			if examples != "" {
				examples = ": " + examples
			}
			w("| %s | %s | %d of %d | %d%s |\n", bm.name, bm.about, failed, len(quick), len(inBrowser), examples)
		}
	}
	return b.String()
}

// chromiumFacts are behaviours of Chromium that passing scenarios confirm,
// each worth knowing when debugging CORS.
const chromiumFacts = `- Chromium skips its preflight cache for ` + "`fetch()`" + ` calls whose cache mode is "no-store", "no-cache" or
  "reload": each such call is preflighted, whatever Access-Control-Max-Age said (max-age/cache …). The Fetch
  standard ties the preflight cache to no cache mode; an application that sets ` + "`cache: \"no-store\"`" + ` on its
  API calls pays a preflight for every non-simple request.
- Without Access-Control-Max-Age a preflight is kept 5 seconds; with "Access-Control-Max-Age: 86400" it
  still answers 6 seconds later (max-age/…).
- ` + "`fetch(url, {method: \"patch\"})`" + ` sends "patch", and a policy listing PATCH rightly refuses it: methods are
  case-sensitive (preflight/lower-case patch …).
- Access-Control-Request-Headers arrives lower-case, sorted and comma-separated without spaces
  ("content-type,x-csrftoken,x-requested-with"); Content-Type: application/x-www-form-urlencoded needs no preflight.
- A preflight never carries cookies. A credentialed request carries the API's SameSite=Lax cookie from a
  same-site page even when its response turns out unreadable, so the server acts on it; from another site the
  cookie is withheld (credentials/…).
- A sandboxed srcdoc iframe sends "Origin: null", preflights included (null/…).
- A preflight that reaches the application and gets a 200 without CORS headers fails like a refused one
  (urls/preflight outside /api/ …).
`

func appHeaderNames() string {
	var names []string
	for _, kv := range scenario.AppHeaders {
		names = append(names, "`"+kv[0]+"`")
	}
	return strings.Join(names, ", ")
}

func pageLabel(s scenario.Scenario) string {
	l := strings.TrimPrefix(s.Page, "http://")
	l = strings.TrimSuffix(l, ":{page}")
	if s.Sandboxed {
		l = "sandboxed iframe in " + l
	}
	return l
}

func fetchLabel(s scenario.Scenario) string {
	m := s.Fetch.Method
	if m == "" {
		m = "GET"
	}
	l := m + " " + s.Path()
	for _, kv := range s.Fetch.Header {
		l += " +" + kv[0]
	}
	if s.Fetch.Credentials != "" {
		l += ", credentials: " + s.Fetch.Credentials
	}
	if s.Fetch.Cache != "" {
		l += ", cache: " + s.Fetch.Cache
	}
	if n := s.Times(); n > 1 {
		l += fmt.Sprintf(", ×%d", n)
		if s.Fetch.Pause > 0 {
			l += " " + s.Fetch.Pause.String() + " apart"
		}
	}
	return l
}

func countLabel(preflights, actuals int) string {
	return fmt.Sprintf("[%d+%d]", preflights, actuals)
}

func diffText(r *run) string {
	head := fmt.Sprintf("- **%s**, %s:", strings.TrimPrefix(r.s.Name, "browser/"), r.adapter)
	if r.err != nil {
		return head + " the run failed: " + r.err.Error()
	}
	var lines []string
	for _, p := range r.problems {
		lines = append(lines, "  - "+p.String())
	}
	return head + "\n" + strings.Join(lines, "\n")
}

// adapterNames lists the adapters' names in words: "a, b and c".
func adapterNames() string {
	var names []string
	for _, ad := range adapters {
		names = append(names, ad.name)
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
