// Package release is the machinery behind make release and make
// release-check: it reads the workspace, checks that every module users
// import is publishable (no replace directive, real versions of the other
// corsheaders modules), moves the requirements between modules to a new
// version, lays the modules out as a module proxy on disk, and rehearses a
// publication with one fresh application per adapter.
//
// It lives in the module github.com/corsheaders/corsheaders/internal, which
// users never download.
package release

import (
	"errors"
	"fmt"
	goversion "go/version"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// Prefix is the module path prefix of every corsheaders module.
const Prefix = "github.com/corsheaders/corsheaders/"

// Unreleased are the workspace modules users never import: they are neither
// tagged nor published. Every other module of go.work is released.
var Unreleased = []string{"bench", "e2e", "examples", "internal"}

// MinGo is the lowest go directive a released module may have. go1.25.0's
// net/http.CrossOriginProtection, which core.CrossOriginProtection runs,
// also bypasses requests that a ServeMux would only redirect to a bypass
// pattern (CVE-2025-47910): with AddInsecureBypassPattern("POST /hooks/"),
// a cross-site POST /hooks gets through. go1.25.1 fixed it; core's
// golang.org/x/net (public-suffix data) requires go1.26.0, the oldest
// release the Go team still supports. A go directive is a minimum every
// importer's build must meet, so it goes no higher than that.
const MinGo = "1.26.0"

// A Module is one module of the workspace.
type Module struct {
	Dir      string // relative to the workspace root, slash-separated: "core", "cmd/corsheaders"
	Path     string // module path
	Released bool
	// Requires are the corsheaders modules it requires, with versions.
	Requires map[string]string
	file     *modfile.File
}

// Tag is the tag of m's version v: "core/v0.1.0".
func (m Module) Tag(v string) string { return m.Dir + "/" + v }

// A Workspace is the go.work at Root and its modules.
type Workspace struct {
	Root    string
	Modules []Module // every module, released ones first in dependency order
	work    *modfile.WorkFile
}

// Load reads the workspace whose go.work is in root.
func Load(root string) (*Workspace, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		return nil, err
	}
	wf, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return nil, err
	}
	ws := &Workspace{Root: root, work: wf}
	for _, u := range wf.Use {
		dir := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(u.Path)), "./")
		gomod := filepath.Join(root, filepath.FromSlash(dir), "go.mod")
		data, err := os.ReadFile(gomod)
		if err != nil {
			return nil, err
		}
		f, err := modfile.Parse(gomod, data, nil)
		if err != nil {
			return nil, err
		}
		m := Module{Dir: dir, Path: f.Module.Mod.Path, Released: !slices.Contains(Unreleased, dir), Requires: map[string]string{}, file: f}
		for _, r := range f.Require {
			if strings.HasPrefix(r.Mod.Path, Prefix) {
				m.Requires[r.Mod.Path] = r.Mod.Version
			}
		}
		ws.Modules = append(ws.Modules, m)
	}
	ws.Modules, err = order(ws.Modules)
	return ws, err
}

// order sorts modules so that each comes after the modules it requires,
// released ones first, by directory otherwise.
func order(mods []Module) ([]Module, error) {
	slices.SortFunc(mods, func(a, b Module) int {
		if a.Released != b.Released {
			if a.Released {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Dir, b.Dir)
	})
	var out []Module
	done := map[string]bool{}
	for len(out) < len(mods) {
		progress := false
		for _, m := range mods {
			if done[m.Path] {
				continue
			}
			ready := true
			for p := range m.Requires {
				if !done[p] && slices.ContainsFunc(mods, func(x Module) bool { return x.Path == p }) {
					ready = false
				}
			}
			if ready {
				out = append(out, m)
				done[m.Path] = true
				progress = true
				break
			}
		}
		if !progress {
			return nil, errors.New("the corsheaders modules require each other in a cycle")
		}
	}
	return out, nil
}

// Released are the modules users import, in dependency order.
func (ws *Workspace) Released() []Module {
	return slices.DeleteFunc(slices.Clone(ws.Modules), func(m Module) bool { return !m.Released })
}

// Module is the module with the given path, or nil.
func (ws *Workspace) Module(path string) *Module {
	for i := range ws.Modules {
		if ws.Modules[i].Path == path {
			return &ws.Modules[i]
		}
	}
	return nil
}

// Version is the version at which the modules require each other: the
// version being prepared (before its release) or the last one released.
func (ws *Workspace) Version() (string, error) {
	versions := map[string]bool{}
	for _, m := range ws.Modules {
		for _, v := range m.Requires {
			versions[v] = true
		}
	}
	if len(versions) != 1 {
		return "", fmt.Errorf("the modules require each other at %d versions (%v), want one", len(versions), slices.Sorted(maps.Keys(versions)))
	}
	for v := range versions {
		return v, nil
	}
	panic("unreachable")
}

// CheckVersion reports whether v can be a release version: a canonical
// semantic version such as v1.2.3 or v1.3.0-rc.1, without build metadata.
func CheckVersion(v string) error {
	if !semver.IsValid(v) || semver.Canonical(v) != v || semver.Build(v) != "" {
		return fmt.Errorf("version %q: want a canonical semantic version such as v0.2.0 or v1.0.0-rc.1", v)
	}
	if semver.Major(v) != "v0" && semver.Major(v) != "v1" {
		return fmt.Errorf("version %q: a major version above v1 needs a /%s suffix on every module path first", v, semver.Major(v))
	}
	return nil
}

// Lint lists every reason the workspace cannot be published as it is: a
// replace directive or a "v0.0.0" requirement of a corsheaders module in a
// released module, requirements on corsheaders modules at another version
// than the others or on an unreleased module, and a go.work that does not
// point the version of every module another requires at its directory.
func (ws *Workspace) Lint() []error {
	var errs []error
	version, err := ws.Version()
	if err != nil {
		errs = append(errs, err)
	}
	for _, m := range ws.Modules {
		if !m.Released {
			continue
		}
		if m.file.Go == nil || goversion.Compare("go"+m.file.Go.Version, "go"+MinGo) < 0 {
			have := "none"
			if m.file.Go != nil {
				have = m.file.Go.Version
			}
			errs = append(errs, fmt.Errorf("%s/go.mod: go %s: a released module says go %s or later (go1.25.0's CrossOriginProtection lets bypass patterns through too widely, CVE-2025-47910); write \"go %s\"", m.Dir, have, MinGo, MinGo))
		}
		for _, r := range m.file.Replace {
			errs = append(errs, fmt.Errorf("%s/go.mod: replace %s => %s: a released module has no replace directive (go ignores it in a dependency, so users would build something else than the tests did); go.work joins the modules", m.Dir, r.Old.Path, r.New.Path))
		}
		for _, r := range m.file.Require {
			if strings.HasPrefix(r.Mod.Path, Prefix) && (r.Mod.Version == "v0.0.0" || strings.HasPrefix(r.Mod.Version, "v0.0.0-")) {
				errs = append(errs, fmt.Errorf("%s/go.mod: require %s %s: require a released version", m.Dir, r.Mod.Path, r.Mod.Version))
			}
		}
		for p := range m.Requires {
			dep := ws.Module(p)
			switch {
			case dep == nil:
				errs = append(errs, fmt.Errorf("%s/go.mod: requires %s, which is not in go.work", m.Dir, p))
			case !dep.Released:
				errs = append(errs, fmt.Errorf("%s/go.mod: requires %s, which is never released", m.Dir, p))
			}
		}
	}
	required := map[string]bool{}
	for _, m := range ws.Modules {
		for p := range m.Requires {
			required[p] = true
		}
	}
	if version != "" {
		for _, m := range ws.Modules {
			if required[m.Path] && !ws.replaced(m.Path, version, m.Dir) {
				errs = append(errs, fmt.Errorf("go.work: want the line %q in its replace block, so that the workspace builds before %s is published", m.Path+" "+version+" => ./"+m.Dir, version))
			}
		}
	}
	return errs
}

func (ws *Workspace) replaced(path, version, dir string) bool {
	for _, r := range ws.work.Replace {
		if r.Old.Path == path && r.Old.Version == version && strings.TrimPrefix(filepath.ToSlash(filepath.Clean(r.New.Path)), "./") == dir {
			return true
		}
	}
	return false
}

// requireLine matches a requirement or a go.work replacement of a
// corsheaders module at a version, in a go.mod or go.work line.
var requireLine = regexp.MustCompile(`^(\s*(?:require\s+|replace\s+)?)(` + regexp.QuoteMeta(Prefix) + `[^\s]+) (v[^\s]+)(.*)$`)

// SetVersion returns the files whose lines change when the modules require
// each other at version v (and go.work points v at the directories), as
// path relative to the root → new content. It writes nothing.
func (ws *Workspace) SetVersion(v string) (map[string][]byte, error) {
	changed := map[string][]byte{}
	files := []string{"go.work"}
	for _, m := range ws.Modules {
		files = append(files, m.Dir+"/go.mod")
	}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(ws.Root, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			sub := requireLine.FindStringSubmatch(line)
			if sub == nil || ws.Module(sub[2]) == nil {
				continue
			}
			lines[i] = sub[1] + sub[2] + " " + v + sub[4]
		}
		if out := strings.Join(lines, "\n"); out != string(data) {
			changed[name] = []byte(out)
		}
	}
	return changed, nil
}
