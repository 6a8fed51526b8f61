package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// FindApp is the application of Apps that name designates: its name
// ("nethttp", "gin"), its adapter's directory ("ginadapter") or that
// directory without "adapter" ("chi", "echov5").
func FindApp(name string) (App, error) {
	var names []string
	for _, a := range Apps {
		if name == a.Name || name == a.Module || name+"adapter" == a.Module {
			return a, nil
		}
		names = append(names, a.Name)
	}
	return App{}, fmt.Errorf("no adapter %q: choose one of %s", name, strings.Join(names, ", "))
}

// Try sets up a new application in dir that uses app's adapter from this
// clone, before its version is published: the program of app's rehearsal,
// and a go.mod that requires the adapter at the workspace's version and
// replaces it, and every corsheaders module it requires, with the clone's
// directories. Plain go commands then work in dir (go run ., go get, go mod
// tidy), and an edit in the clone shows at the next build. Nothing is
// written to the module cache under a corsheaders version, so the published
// modules later meet no stale copy. It runs go mod tidy and go build, and
// writes how to run the application to log. dir must be outside the clone
// (whose go.work would claim it), and new or empty.
func (ws *Workspace) Try(ctx context.Context, app App, dir string, log io.Writer) error {
	version, err := ws.Version()
	if err != nil {
		return err
	}
	adapter := ws.moduleIn(app.Module)
	if adapter == nil {
		return fmt.Errorf("app %s: no module in %s", app.Name, app.Module)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	if rel, err := filepath.Rel(ws.Root, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is inside the clone %s, whose go.work would take the application for one of its modules: choose a directory outside it, such as /tmp/myapp", dir, ws.Root)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: choose a new directory", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	src, err := appFiles.ReadFile("apps/" + app.Main)
	if err != nil {
		return err
	}

	mf := new(modfile.File)
	modPath := "example.com/" + filepath.Base(dir)
	if module.CheckPath(modPath) != nil {
		modPath = "example.com/myapp"
	}
	errs := []error{
		mf.AddModuleStmt(modPath),
		mf.AddGoStmt(MinGo),
		mf.AddRequire(adapter.Path, version),
	}
	installed := []Module{*adapter}
	for _, dir := range app.With {
		w := ws.moduleIn(dir)
		if w == nil {
			return fmt.Errorf("app %s: no module in %s", app.Name, dir)
		}
		errs = append(errs, mf.AddRequire(w.Path, version))
		installed = append(installed, *w)
	}
	for _, m := range ws.closure(installed...) {
		errs = append(errs, mf.AddReplace(m.Path, version, filepath.Join(ws.Root, filepath.FromSlash(m.Dir)), ""))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	gomod, err := mf.Format()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		return err
	}
	env := append(slicesDeleteEnv(os.Environ(), "GOWORK"), "GOWORK=off")
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", os.DevNull, "."}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("in %s: go %s: %v\n%s", dir, strings.Join(args, " "), err, out)
		}
	}

	fmt.Fprintf(log, `%s: a new application using %s %s from %s
(its go.mod replaces the corsheaders modules with the clone's directories;
main.go is the program make release-check installs).

Run it; it prints the address it listens on (127.0.0.1, a free port):
	cd %s && go run .
Ask it for a preflight, from another terminal:
	curl -i -X OPTIONS http://ADDRESS/api/hello -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'

Once %s is published, use it instead of the clone:
	go mod edit%s && go get %s
`, dir, adapter.Path, version, ws.Root, dir, version, dropReplaces(ws.closure(installed...), version), getPaths(installed, version))
	return nil
}

// closure is mods and every corsheaders module they require, directly or
// not, in the order of ws.Modules.
func (ws *Workspace) closure(mods ...Module) []Module {
	need := map[string]bool{}
	for _, m := range mods {
		need[m.Path] = true
	}
	for changed := true; changed; {
		changed = false
		for _, w := range ws.Modules {
			if !need[w.Path] {
				continue
			}
			for p := range w.Requires {
				if !need[p] {
					need[p], changed = true, true
				}
			}
		}
	}
	var out []Module
	for _, w := range ws.Modules {
		if need[w.Path] {
			out = append(out, w)
		}
	}
	return slices.Clip(out)
}

func dropReplaces(mods []Module, version string) string {
	var b strings.Builder
	for _, m := range mods {
		fmt.Fprintf(&b, " -dropreplace=%s@%s", m.Path, version)
	}
	return b.String()
}

// getPaths is the arguments of go get for mods at version.
func getPaths(mods []Module, version string) string {
	var paths []string
	for _, m := range mods {
		paths = append(paths, m.Path+"@"+version)
	}
	return strings.Join(paths, " ")
}
