package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/corsheaders/corsheaders/internal/scenario"
)

// The browser suite runs when E2E=1 (e2e/run.sh, which make e2e runs, sets
// it) or E2E_REQUIRE_BROWSER=1. Without them, go test ./... in this module
// runs only the cheap replay tests, so that make test-race, which runs
// them under -race, never starts a browser.
func browserRequested() bool {
	return os.Getenv("E2E") == "1" || os.Getenv("E2E_REQUIRE_BROWSER") == "1"
}

// findBrowser returns the path of the Chromium to drive: $E2E_CHROMIUM,
// Debian's /usr/bin/chromium, or the first chromium or chrome in $PATH.
func findBrowser() (string, []string) {
	candidates := []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome-stable", "google-chrome"}
	if p := os.Getenv("E2E_CHROMIUM"); p != "" {
		candidates = []string{p}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, candidates
		}
	}
	return "", candidates
}

// A chromium is one headless Chromium, shared by every test of the run.
type chromium struct {
	ctx     context.Context // the browser's first tab; new tabs derive from it
	cancel  func()
	dir     string
	Version string // such as "Chrome/156.0.8078.79"
}

var (
	launchOnce sync.Once
	shared     *chromium
	launchErr  error
)

// needBrowser returns the shared Chromium, launching it on first use. It
// skips t when the browser suite is not requested, or when no browser is
// installed and E2E_REQUIRE_BROWSER is not 1; with E2E_REQUIRE_BROWSER=1 a
// missing browser fails t.
func needBrowser(t *testing.T) *chromium {
	t.Helper()
	if !browserRequested() {
		t.Skip("e2e: the real-browser suite is off; run `make e2e` (bash e2e/run.sh), or set E2E=1, to run it in headless Chromium")
	}
	path, looked := findBrowser()
	if path == "" {
		msg := fmt.Sprintf("e2e: no Chromium found (looked for %s); `make e2e` installs Debian's chromium with apt-get", strings.Join(looked, ", "))
		if os.Getenv("E2E_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + "; E2E_REQUIRE_BROWSER=1 makes a missing browser a failure")
		}
		t.Skip(msg + "; set E2E_REQUIRE_BROWSER=1 to make this a failure")
	}
	launchOnce.Do(func() { shared, launchErr = launch(path) })
	if launchErr != nil {
		t.Fatalf("e2e: starting %s: %v", path, launchErr)
	}
	return shared
}

// launch starts Chromium at path with a fresh profile, in which every name
// under .test resolves to the loopback address and the API host holds the
// scenarios' cookie. Each prepare function may write into the profile's
// directory before the browser starts.
func launch(path string, prepare ...func(dir string) error) (*chromium, error) {
	dir, err := os.MkdirTemp("", "corsheaders-e2e-profile-")
	if err != nil {
		return nil, err
	}
	for _, f := range prepare {
		if err := f(dir); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
	var output strings.Builder
	var outputMu sync.Mutex
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("password-store", "basic"),
		// Plain http on names that are not localhost must stay plain http.
		chromedp.Flag("disable-features", "HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
		chromedp.CombinedOutput(writerFunc(func(p []byte) (int, error) {
			outputMu.Lock()
			defer outputMu.Unlock()
			if output.Len() < 64<<10 {
				output.Write(p)
			}
			return len(p), nil
		})),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	c := &chromium{ctx: ctx, dir: dir, cancel: func() {
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(dir)
	}}
	// The first call starts the browser and opens its first tab, which
	// live as long as the context of that call: ctx itself, watched by a
	// timer rather than bounded by a deadline.
	watchdog := time.AfterFunc(60*time.Second, c.cancel)
	err = chromedp.Do(ctx)
	if !watchdog.Stop() && err == nil {
		err = errors.New("timed out")
	}
	if err != nil {
		c.cancel()
		outputMu.Lock()
		defer outputMu.Unlock()
		return nil, fmt.Errorf("%w\n%s", err, output.String())
	}
	startCtx, cancelStart := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStart()
	v, err := chromedp.CallBrowser(startCtx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		c.cancel()
		return nil, err
	}
	c.Version = v.Product
	// A session cookie on the API host, as a logged-in application has.
	// SourcePort -1 lets it reach every port of the host, as cookies
	// always did, whichever port the API server of a scenario listens on.
	_, err = chromedp.Call(startCtx, network.SetCookie, network.SetCookieParams{
		Name: "session", Value: strings.TrimPrefix(scenario.Cookie, "session="),
		URL: "http://" + scenario.APIHost + "/", Path: "/",
		SameSite: network.CookieSameSiteLax, SourcePort: -1,
	})
	if err != nil {
		c.cancel()
		return nil, fmt.Errorf("setting the cookie: %w", err)
	}
	return c, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// fetchSpec is what the page's script is told to do.
type fetchSpec struct {
	URL         string      `json:"url"`
	Method      string      `json:"method"`
	Headers     [][2]string `json:"headers"`
	Body        string      `json:"body"`
	Credentials string      `json:"credentials,omitempty"`
	Cache       string      `json:"cache,omitempty"`
	Times       int         `json:"times"`
	PauseMS     int64       `json:"pauseMs"`
	Sandboxed   bool        `json:"sandboxed"`
}

// fetchScript runs the spec's fetch() calls in the page, or in a sandboxed
// srcdoc iframe of it, and resolves to their results.
const fetchScript = `(() => {
	const spec = %s;
	const run = async (spec) => {
		const out = [];
		for (let i = 0; i < spec.times; i++) {
			if (i > 0 && spec.pauseMs > 0) await new Promise(r => setTimeout(r, spec.pauseMs));
			const init = {method: spec.method, headers: spec.headers, mode: 'cors'};
			if (spec.credentials) init.credentials = spec.credentials;
			if (spec.cache) init.cache = spec.cache;
			if (spec.body !== '') init.body = spec.body;
			try {
				const res = await fetch(spec.url, init);
				const headers = {};
				res.headers.forEach((v, k) => { headers[k] = v; });
				out.push({status: res.status, headers, body: await res.text()});
			} catch (e) {
				out.push({error: e.name + ': ' + e.message});
			}
		}
		return out;
	};
	if (!spec.sandboxed) return run(spec);
	return new Promise(resolve => {
		const frame = document.createElement('iframe');
		frame.setAttribute('sandbox', 'allow-scripts');
		addEventListener('message', e => { if (e.source === frame.contentWindow) resolve(e.data); });
		frame.srcdoc = '<script>(' + run.toString() + ')(' + JSON.stringify(spec) +
			').then(r => parent.postMessage(r, "*"));<\/script>';
		document.body.appendChild(frame);
	});
})()`

// A tab is a browser tab that runs scenario after scenario: opening a tab
// costs more than navigating one.
type tab struct {
	ctx   context.Context
	close func()
	page  string // the URL the tab shows
}

// newTab opens a tab.
func (c *chromium) newTab() (*tab, error) {
	ctx, cancel := chromedp.NewContext(c.ctx)
	// A timer, not a deadline: the first call on ctx opens the tab, and a
	// deadline on that call's context would bound the tab's life.
	watchdog := time.AfterFunc(30*time.Second, cancel)
	err := chromedp.Do(ctx)
	if !watchdog.Stop() && err == nil {
		err = errors.New("timed out")
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab: %w", err)
	}
	return &tab{ctx: ctx, close: cancel}, nil
}

// fetch runs spec in pageURL, within timeout. The tab stays on a page
// from one run to the next when the next needs the same: a page keeps no
// state that matters here, since each run's URL is new to the preflight
// cache and the HTTP cache stores nothing.
func (t *tab) fetch(pageURL string, spec fetchSpec, timeout time.Duration) ([]fetchResult, error) {
	ctx, cancel := context.WithTimeout(t.ctx, timeout)
	defer cancel()
	if t.page != pageURL {
		t.page = ""
		if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
			return nil, fmt.Errorf("opening %s: %w", pageURL, err)
		}
		t.page = pageURL
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[[]fetchResult](fmt.Sprintf(fetchScript, js), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running fetch() in %s: %w", pageURL, err)
	}
	return res, nil
}
