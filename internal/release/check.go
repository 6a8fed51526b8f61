package release

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/module"
)

// CheckOptions tune a rehearsal.
type CheckOptions struct {
	// Apps restricts it to the applications with these names; nil means
	// every one of Apps.
	Apps []string
	// Work is the directory of the proxy, the module caches and the
	// applications; "" means a fresh temporary directory, removed after.
	Work string
	// Log receives the progress; nil discards it.
	Log io.Writer
}

// Check rehearses the publication of the workspace at its current version:
// it lints the released modules, lays every module out in a module proxy on
// disk, then for each application, outside the workspace and with an empty
// module cache, runs go get <adapter>@<version>, builds, serves a real
// preflight and actual request on loopback, and checks the answers and the
// application's module graph and downloads. It returns every problem found.
func (ws *Workspace) Check(ctx context.Context, opts CheckOptions) error {
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	logf := func(format string, args ...any) { fmt.Fprintf(logw, format+"\n", args...) }

	if errs := ws.Lint(); len(errs) > 0 {
		return errors.Join(errs...)
	}
	version, err := ws.Version()
	if err != nil {
		return err
	}
	work := opts.Work
	if work == "" {
		if work, err = os.MkdirTemp("", "corsheaders-release-check-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	proxy := filepath.Join(work, "proxy")
	if err := ws.WriteProxy(proxy, version); err != nil {
		return err
	}
	logf("candidate %s of %d modules in %s", version, len(ws.Modules), fileURL(proxy))

	var errs []error
	// An adapter without an application would go out unrehearsed.
	for _, m := range ws.Released() {
		if strings.HasSuffix(m.Dir, "adapter") && !slices.ContainsFunc(Apps, func(a App) bool { return a.Module == m.Dir }) {
			errs = append(errs, fmt.Errorf("%s has no application in release.Apps (internal/release/apps.go): add one line there and a main.go template in internal/release/apps/", m.Dir))
		}
	}
	ran := 0
	for _, app := range Apps {
		if opts.Apps != nil && !slices.Contains(opts.Apps, app.Name) {
			continue
		}
		m := ws.moduleIn(app.Module)
		if m == nil {
			errs = append(errs, fmt.Errorf("app %s: no module in %s", app.Name, app.Module))
			continue
		}
		ran++
		start := time.Now()
		if err := ws.checkApp(ctx, app, *m, version, proxy, filepath.Join(work, "apps", app.Name), filepath.Join(work, "modcache", app.Name), logf); err != nil {
			errs = append(errs, fmt.Errorf("app %s (go get %s@%s): %w", app.Name, m.Path, version, err))
			logf("FAIL %s (%s)", app.Name, time.Since(start).Round(time.Second))
		} else {
			logf("ok   %s (%s)", app.Name, time.Since(start).Round(time.Second))
		}
	}
	for _, m := range ws.Released() {
		if strings.HasPrefix(m.Dir, "cmd/") && !slices.ContainsFunc(Commands, func(c Command) bool { return c.Module == m.Dir }) {
			errs = append(errs, fmt.Errorf("%s has no entry in release.Commands (internal/release/command.go): add one, with an invocation to run once installed", m.Dir))
		}
	}
	for _, c := range Commands {
		if opts.Apps != nil && !slices.Contains(opts.Apps, c.Name) {
			continue
		}
		m := ws.moduleIn(c.Module)
		if m == nil {
			errs = append(errs, fmt.Errorf("command %s: no module in %s", c.Name, c.Module))
			continue
		}
		ran++
		start := time.Now()
		if err := ws.checkCommand(ctx, c, *m, version, proxy, filepath.Join(work, "commands", c.Name), filepath.Join(work, "modcache", "cmd-"+c.Name), logf); err != nil {
			errs = append(errs, fmt.Errorf("command %s (go install %s@%s): %w", c.Name, m.Path, version, err))
			logf("FAIL %s (%s)", c.Name, time.Since(start).Round(time.Second))
		} else {
			logf("ok   %s (%s)", c.Name, time.Since(start).Round(time.Second))
		}
	}
	if ran == 0 {
		errs = append(errs, fmt.Errorf("no application or command among %v", opts.Apps))
	}
	return errors.Join(errs...)
}

func (ws *Workspace) moduleIn(dir string) *Module {
	for i := range ws.Modules {
		if ws.Modules[i].Dir == dir {
			return &ws.Modules[i]
		}
	}
	return nil
}

func (ws *Workspace) checkApp(ctx context.Context, app App, m Module, version, proxy, dir, cache string, logf func(string, ...any)) error {
	src, err := appFiles.ReadFile("apps/" + app.Main)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod := "module example.com/" + app.Name + "\n\ngo " + MinGo + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		return err
	}
	env, err := GoEnv(proxy, cache)
	if err != nil {
		return err
	}
	goCmd := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), nil
	}
	get := []string{"get", m.Path + "@" + version}
	with := []Module{m}
	for _, dir := range app.With {
		w := ws.moduleIn(dir)
		if w == nil {
			return fmt.Errorf("no module in %s", dir)
		}
		get = append(get, w.Path+"@"+version)
		with = append(with, *w)
	}
	if _, err := goCmd(get...); err != nil {
		return err
	}
	if _, err := goCmd("mod", "tidy"); err != nil {
		return err
	}
	if _, err := goCmd("build", "-o", "app", "."); err != nil {
		return err
	}
	var errs []error
	if err := serveAndAsk(ctx, filepath.Join(dir, "app")); err != nil {
		errs = append(errs, err)
	}
	if len(app.NotLinked) > 0 {
		info, err := goCmd("version", "-m", "app")
		if err != nil {
			return err
		}
		for _, line := range strings.Split(info, "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && (f[0] == "dep" || f[0] == "=>") && slices.ContainsFunc(app.NotLinked, func(p string) bool { return strings.HasPrefix(f[1], p) }) {
				errs = append(errs, fmt.Errorf("the binary holds %s, which only the tests of a dependency need", f[1]))
			}
		}
	}

	list, err := goCmd("list", "-m", "all")
	if err != nil {
		return err
	}
	graph := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		graph[strings.Fields(line)[0]] = true
	}
	logf("     %s: go list -m all: the application and %d modules", app.Name, len(graph)-1)
	for p := range graph {
		if p == "example.com/"+app.Name {
			continue
		}
		if reason := app.refuses(p, with); reason != "" {
			errs = append(errs, fmt.Errorf("go list -m all holds %s: %s", p, reason))
		}
	}
	zips, err := downloadedZips(cache)
	if err != nil {
		return err
	}
	for _, z := range zips {
		switch {
		case !graph[z.Path]:
			errs = append(errs, fmt.Errorf("downloaded the zip of %s@%s, which is not in go list -m all", z.Path, z.Version))
		case app.refuses(z.Path, with) != "":
			errs = append(errs, fmt.Errorf("downloaded the zip of %s@%s: %s", z.Path, z.Version, app.refuses(z.Path, with)))
		}
	}
	logf("     %s: %d module zips downloaded", app.Name, len(zips))
	return errors.Join(errs...)
}

// refuses says why the application must not depend on module p, or "";
// installed are the corsheaders modules it installs (Module, then With).
func (app App) refuses(p string, installed []Module) string {
	if strings.HasPrefix(p, Prefix) && p != Prefix+"core" && !slices.ContainsFunc(installed, func(m Module) bool { return m.Path == p }) {
		return "an application of " + installed[0].Dir + " needs no other corsheaders module than core"
	}
	for _, f := range app.Forbid {
		if strings.HasPrefix(p, f) {
			return "forbidden for this application (" + f + ")"
		}
	}
	if app.Only != nil && !slices.ContainsFunc(app.Only, func(ok string) bool { return strings.HasPrefix(p, ok) }) {
		return fmt.Sprintf("this application may hold only %v", app.Only)
	}
	return ""
}

// downloadedZips are the module zips in a module cache.
func downloadedZips(cache string) ([]module.Version, error) {
	root := filepath.Join(cache, "cache", "download")
	var zips []module.Version
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".zip") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		escPath, escFile, ok := strings.Cut(filepath.ToSlash(rel), "/@v/")
		if !ok {
			return nil
		}
		mp, err1 := module.UnescapePath(escPath)
		v, err2 := module.UnescapeVersion(strings.TrimSuffix(escFile, ".zip"))
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		zips = append(zips, module.Version{Path: mp, Version: v})
		return nil
	})
	return zips, err
}

// serveAndAsk starts the application, reads its address, and checks its
// answers to a preflight, an allowed actual request and a refused one.
func serveAndAsk(ctx context.Context, bin string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("the application printed no address: %v\n%s", err, stderr.String())
	}
	base := "http://" + strings.TrimSpace(line) + "/api/hello"
	return checkAnswers(ctx, base)
}

// checkAnswers asks the API at url (/api/hello, which answers "hello" to GET
// and allows https://app.example.com with credentials) three questions.
func checkAnswers(ctx context.Context, url string) error {
	const origin = "https://app.example.com"
	ask := func(method string, kv ...string) (*http.Response, string, error) {
		req, err := http.NewRequestWithContext(ctx, method, url, nil)
		if err != nil {
			return nil, "", err
		}
		for i := 0; i+1 < len(kv); i += 2 {
			req.Header.Set(kv[i], kv[i+1])
		}
		var res *http.Response
		for try := 0; ; try++ { // the server may still be starting
			res, err = http.DefaultClient.Do(req)
			if err == nil || try == 20 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			return nil, "", err
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		return res, string(body), err
	}
	var errs []error
	want := func(what, got, want string) {
		if got != want {
			errs = append(errs, fmt.Errorf("%s: got %q, want %q", what, got, want))
		}
	}

	res, body, err := ask(http.MethodOptions, "Origin", origin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type")
	if err != nil {
		return err
	}
	want("preflight status", res.Status, "204 No Content")
	want("preflight body", body, "")
	want("preflight Access-Control-Allow-Origin", res.Header.Get("Access-Control-Allow-Origin"), origin)
	want("preflight Access-Control-Allow-Credentials", res.Header.Get("Access-Control-Allow-Credentials"), "true")
	want("preflight Access-Control-Allow-Methods", res.Header.Get("Access-Control-Allow-Methods"), "DELETE, GET, OPTIONS, PATCH, POST, PUT")
	want("preflight Access-Control-Allow-Headers", res.Header.Get("Access-Control-Allow-Headers"), "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with")
	want("preflight Vary (none on a preflight's answer, docs/behaviour.md)", strings.Join(res.Header.Values("Vary"), ", "), "")

	res, body, err = ask(http.MethodGet, "Origin", origin)
	if err != nil {
		return err
	}
	want("GET status", res.Status, "200 OK")
	want("GET body", body, "hello")
	want("GET Access-Control-Allow-Origin", res.Header.Get("Access-Control-Allow-Origin"), origin)
	want("GET Access-Control-Allow-Credentials", res.Header.Get("Access-Control-Allow-Credentials"), "true")
	want("GET Vary", strings.Join(res.Header.Values("Vary"), ", "), "Origin")

	res, body, err = ask(http.MethodGet, "Origin", "https://evil.example.com")
	if err != nil {
		return err
	}
	want("GET from an unlisted origin: body", body, "hello")
	want("GET from an unlisted origin: Access-Control-Allow-Origin", res.Header.Get("Access-Control-Allow-Origin"), "")
	want("GET from an unlisted origin: Vary", strings.Join(res.Header.Values("Vary"), ", "), "Origin")
	return errors.Join(errs...)
}
