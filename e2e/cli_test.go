package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/cors"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// The corsheaders command's check must reach the browser's verdict on every
// scenario, against every adapter: it is run here, as a user runs it, on
// the same servers the browser fetches from.

// corsheadersBinary builds cmd/corsheaders from the workspace into a
// directory the test removes (the build cache makes every build after the
// first a link).
func corsheadersBinary(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "corsheaders")
	out, err := exec.Command("go", "build", "-o", path, "github.com/corsheaders/corsheaders/cmd/corsheaders").CombinedOutput()
	require.NoError(t, err, "go build cmd/corsheaders:\n%s", out)
	return path
}

// A cliRun is one check of a scenario against one adapter.
type cliRun struct {
	verdict  scenario.Verdict
	detail   string // the console message or the network error
	code     int
	problems []problem // the requests check sent, against the scenario's
	err      error
}

// cliReport is the part of check --json the suite reads.
type cliReport struct {
	Verdict struct {
		Allowed  bool     `json:"allowed"`
		Status   int      `json:"status"`
		Readable []string `json:"readable"`
		Console  string   `json:"console"`
		Error    string   `json:"error"`
	} `json:"verdict"`
}

// checkArgs are the command-line arguments that describe s's fetch().
func checkArgs(s scenario.Scenario, ports scenario.Ports, url string) []string {
	// No probes: the suite holds check to the requests a browser sends.
	args := []string{"check", url, "--origin", s.Origin(ports), "--json", "--timeout", "10s", "--probe=false"}
	if s.Fetch.Method != "" {
		args = append(args, "--method", s.Fetch.Method)
	}
	for _, kv := range s.Fetch.Header {
		args = append(args, "--header", kv[0]+": "+kv[1])
	}
	if s.Fetch.Body != "" {
		args = append(args, "--data", s.Fetch.Body)
	}
	if s.Fetch.Credentials == "include" {
		args = append(args, "--credentials")
		if s.Cookie {
			args = append(args, "--cookie", scenario.Cookie)
		}
	}
	return args
}

// runCheck runs check for s against a fresh server built with ad.
func runCheck(bin string, ports scenario.Ports, s scenario.Scenario, ad adapter) *cliRun {
	api := startAPI(ad, s, ports)
	defer api.close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, checkArgs(s, ports, api.base+s.Path())...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	r := &cliRun{}
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		r.err = err
		return r
	}
	var rep cliReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		r.err = fmt.Errorf("exit %d, output not a report: %v\n%s%s", r.code, err, out.String(), errOut.String())
		return r
	}
	v := rep.Verdict
	switch {
	case v.Allowed:
		r.verdict = scenario.Verdict{Status: v.Status}
		for _, kv := range scenario.AppHeaders {
			if name := strings.ToLower(kv[0]); slices.Contains(v.Readable, name) {
				r.verdict.Readable = append(r.verdict.Readable, name)
			}
		}
		slices.Sort(r.verdict.Readable)
	default:
		r.verdict = scenario.Verdict{Error: true}
		r.detail = v.Console + v.Error
	}
	// check sends each request once: a preflight when the scenario has
	// one, then the actual request when the preflight passes.
	var pre, act int
	if s.Preflight != nil {
		pre = 1
	}
	if s.Actual != nil {
		act = 1
	}
	r.problems = check(s, ports, api.exchanges(), pre, act, nil, false)
	wantCode := 0
	if s.Want.Error {
		wantCode = 1
	}
	if r.code != wantCode {
		r.problems = append(r.problems, problem{"check", fmt.Sprintf("exit status %d, want %d", r.code, wantCode)})
	}
	return r
}

// checkMatrix runs check for every scenario against every adapter.
func checkMatrix(t *testing.T, pages *pageServers, scenarios []scenario.Scenario, ads []adapter) [][]*cliRun {
	bin := corsheadersBinary(t)
	ports := pages.ports()
	runs := make([][]*cliRun, len(scenarios))
	type job struct{ i, j int }
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range parallelism() {
		wg.Go(func() {
			for jb := range jobs {
				runs[jb.i][jb.j] = runCheck(bin, ports, scenarios[jb.i], ads[jb.j])
			}
		})
	}
	for i := range scenarios {
		runs[i] = make([]*cliRun, len(ads))
		for j := range ads {
			jobs <- job{i, j}
		}
	}
	close(jobs)
	wg.Wait()
	return runs
}

// TestCheckCommand runs `corsheaders check` for every scenario against
// every adapter, without a browser: its verdict must be the scenario's,
// which TestBrowser holds Chromium to, and the requests it sends must be
// those the scenario says a browser sends.
func TestCheckCommand(t *testing.T) {
	pages := startPages(t)
	scenarios := scenario.All()
	runs := checkMatrix(t, pages, scenarios, adapters)
	for j, ad := range adapters {
		t.Run(ad.name, func(t *testing.T) {
			for i, s := range scenarios {
				t.Run(strings.TrimPrefix(s.Name, "browser/"), func(t *testing.T) {
					r := runs[i][j]
					require.NoError(t, r.err)
					if !sameVerdict(r.verdict, s.Want) {
						t.Errorf("check says %v, want %v (%s)", r.verdict, s.Want, r.detail)
					}
					for _, p := range r.problems {
						t.Error(p)
					}
				})
			}
		})
	}
}

// TestCheckCatchesBrokenMiddleware runs check against the broken
// middlewares: where the page's fetch() comes out differently in the
// browser, check's verdict must differ from the scenario's too.
func TestCheckCatchesBrokenMiddleware(t *testing.T) {
	pages := startPages(t)
	bin := corsheadersBinary(t)
	n := 0
	for _, b := range brokenMiddlewares {
		for _, s := range scenario.All() {
			if b.caught[s.Name] != "browser" {
				continue
			}
			n++
			r := runCheck(bin, pages.ports(), s, b.adapter)
			require.NoError(t, r.err)
			if sameVerdict(r.verdict, s.Want) {
				t.Errorf("%s: %s: check says %v, as for a correct server", b.name, s.Name, r.verdict)
			}
		}
	}
	require.NotZero(t, n)
}

// checkColumn compares check's verdicts with the browser's, scenario by
// scenario: the results table's cell, and a line for each disagreement.
func checkColumn(runs [][]*run, checks [][]*cliRun) (cells []string, disagreements []string) {
	for i := range runs {
		agree := true
		var verdict string
		for j, r := range runs[i] {
			c := checks[i][j]
			if c.err != nil || r.err != nil || len(r.fetches) == 0 {
				agree = false
				continue
			}
			verdict = c.verdict.String()
			if !sameVerdict(c.verdict, r.fetches[0].verdict()) || len(c.problems) > 0 {
				agree = false
				disagreements = append(disagreements, fmt.Sprintf("%s, %s: check says %v, Chromium %v; %v", strings.TrimPrefix(r.s.Name, "browser/"), r.adapter, c.verdict, r.fetches[0].verdict(), c.problems))
			}
		}
		mark := "✓"
		if !agree {
			mark = "✗"
		}
		cells = append(cells, mark+" "+verdict)
	}
	return cells, disagreements
}

// peers are servers built with another CORS library, configured from each
// scenario's Config as closely as that library allows. Their answers are
// not the scenarios' (their headers differ from corsheaders'), so only
// check's verdict and Chromium's are compared.
var peers = []adapter{
	{name: "rs/cors", server: rsCorsServer},
}

func rsCorsServer(cfg core.Config, app http.Handler) http.Handler {
	opts := cors.Options{
		AllowedOrigins:      cfg.AllowedOrigins,
		AllowCredentials:    cfg.AllowCredentials,
		AllowedMethods:      orDefault(cfg.AllowMethods, core.DefaultMethods()),
		AllowedHeaders:      orDefault(cfg.AllowHeaders, core.DefaultHeaders()),
		ExposedHeaders:      cfg.ExposeHeaders,
		AllowPrivateNetwork: cfg.AllowPrivateNetwork,
	}
	if cfg.AllowAllOrigins {
		opts.AllowedOrigins = []string{"*"}
	}
	var regexes []*regexp.Regexp
	for _, re := range cfg.AllowedOriginRegexes {
		regexes = append(regexes, regexp.MustCompile("^(?:"+re+")$"))
	}
	if len(regexes) > 0 {
		opts.AllowOriginFunc = func(origin string) bool {
			return slices.ContainsFunc(regexes, func(re *regexp.Regexp) bool { return re.MatchString(origin) })
		}
	}
	if cfg.PreflightMaxAge > 0 {
		opts.MaxAge = int(cfg.PreflightMaxAge.Seconds())
	}
	withCORS := cors.New(opts).Handler(app)
	if cfg.URLsRegex == "" {
		return withCORS
	}
	paths := regexp.MustCompile("^(?:" + cfg.URLsRegex + ")")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if paths.MatchString(r.URL.Path) {
			withCORS.ServeHTTP(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})
}

// verdictDiffs lists the runs where check's verdict is not Chromium's, and
// counts the runs compared.
func verdictDiffs(label string, runs [][]*run, checks [][]*cliRun) (diffs []string, compared int) {
	for i := range runs {
		for j, r := range runs[i] {
			c := checks[i][j]
			switch {
			case r.err != nil || len(r.fetches) == 0:
				continue
			case c.err != nil:
				diffs = append(diffs, fmt.Sprintf("%s, %s, %s: check failed: %v", strings.TrimPrefix(r.s.Name, "browser/"), label, r.adapter, c.err))
			case !sameVerdict(c.verdict, r.fetches[0].verdict()):
				diffs = append(diffs, fmt.Sprintf("%s, %s, %s: check says %v (%s), Chromium %v", strings.TrimPrefix(r.s.Name, "browser/"), label, r.adapter, c.verdict, c.detail, r.fetches[0].verdict()))
			}
			compared++
		}
	}
	return diffs, compared
}

// checkBeyondAdapters runs check, and for the peers the browser too,
// against servers that are not corsheaders' own: the broken middlewares
// (whose browser runs are brokenRuns) and the peers. check's verdict must
// be Chromium's on every run. It returns the results doc's section.
func checkBeyondAdapters(t *testing.T, c *chromium, pages *pageServers, quick []scenario.Scenario, brokenRuns [][]*run) string {
	var broken []adapter
	for _, b := range brokenMiddlewares {
		broken = append(broken, b.adapter)
	}
	var diffs []string
	var brokenN, peerN int
	if len(brokenRuns) > 0 {
		var d []string
		d, brokenN = verdictDiffs("broken", brokenRuns, checkMatrix(t, pages, quick, broken))
		diffs = append(diffs, d...)
	}
	peerRuns := runMatrix(c, pages, quick, peers)
	d, peerN := verdictDiffs("peer", peerRuns, checkMatrix(t, pages, quick, peers))
	diffs = append(diffs, d...)
	allowed := 0
	for i := range peerRuns {
		for _, r := range peerRuns[i] {
			if len(r.fetches) > 0 && !r.fetches[0].verdict().Error {
				allowed++
			}
		}
	}
	t.Run("corsheaders check agrees with the browser beyond corsheaders", func(t *testing.T) {
		require.NotZero(t, peerN)
		for _, d := range diffs {
			t.Error(d)
		}
	})

	var b strings.Builder
	fmt.Fprintf(&b, "\n## corsheaders check beyond corsheaders' servers\n\n")
	fmt.Fprintf(&b, "`corsheaders check` was also run against every deliberately broken middleware (%d runs) and against servers\n", brokenN)
	fmt.Fprintf(&b, "built with rs/cors from each scenario's configuration (%d runs, of which Chromium let %d through), next to\n", peerN, allowed)
	fmt.Fprintf(&b, "Chromium on the same servers. ")
	if len(diffs) == 0 {
		fmt.Fprintf(&b, "Its verdict was Chromium's on every one.\n")
	} else {
		fmt.Fprintf(&b, "Where they disagreed:\n\n")
		for _, d := range diffs {
			fmt.Fprintf(&b, "- %s\n", d)
		}
	}
	return b.String()
}

func orDefault(list, def []string) []string {
	if list == nil {
		return def
	}
	return list
}
