package release

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the repository's root, from this package's directory.
const root = "../.."

// copyTree copies the files git tracks in the repository (as they are in
// the work tree) into a temporary directory that is no git work tree, and
// returns it.
func copyTree(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not in a git work tree: %v", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func appendTo(t *testing.T, file, text string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(data, text...), 0o644); err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, dir string) *Workspace {
	t.Helper()
	ws, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestTheTreeIsPublishable(t *testing.T) {
	ws := load(t, root)
	for _, err := range ws.Lint() {
		t.Error(err)
	}
	var dirs []string
	for _, m := range ws.Released() {
		dirs = append(dirs, m.Dir)
	}
	if len(dirs) < 4 || dirs[0] != "core" {
		t.Errorf("released modules %v: want core first, then the adapters", dirs)
	}
	for _, m := range ws.Modules {
		if m.Released && strings.Contains(strings.Join(Unreleased, " "), m.Dir) {
			t.Errorf("%s is released", m.Dir)
		}
	}
}

// A released module whose go directive admits a Go release with a known
// hole in what the library relies on is not publishable.
func TestLintRefusesALowGoDirective(t *testing.T) {
	dir := copyTree(t)
	for _, tc := range []struct{ have, want string }{
		{"go 1.25.0", `chiadapter/go.mod: go 1.25.0: a released module says go 1.26.0 or later`},
		{"go 1.25", `chiadapter/go.mod: go 1.25: a released module says go 1.26.0 or later`},
		{"go 1.24.6", `chiadapter/go.mod: go 1.24.6: a released module says go 1.26.0 or later`},
		{"", `chiadapter/go.mod: go none: a released module says go 1.26.0 or later`},
		{"go 1.25.1", `chiadapter/go.mod: go 1.25.1: a released module says go 1.26.0 or later`},
		{"go 1.26.0", ""},
		{"go 1.27.3", ""},
	} {
		file := filepath.Join(dir, "chiadapter", "go.mod")
		data, err := os.ReadFile(filepath.Join(root, "chiadapter", "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		gomod := regexp.MustCompile(`(?m)^go .*\n`).ReplaceAllString(string(data), tc.have+"\n")
		if err := os.WriteFile(file, []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, err := range load(t, dir).Lint() {
			got = append(got, err.Error())
		}
		switch all := strings.Join(got, "\n"); {
		case tc.want == "" && all != "":
			t.Errorf("%q: %s", tc.have, all)
		case tc.want != "" && !strings.Contains(all, tc.want):
			t.Errorf("%q: Lint gave %q, want %q", tc.have, all, tc.want)
		}
	}
}

// A released module's go.mod that regains a replace directive fails the
// rehearsal before anything is built.
func TestCheckFailsOnAReplace(t *testing.T) {
	dir := copyTree(t)
	appendTo(t, filepath.Join(dir, "ginadapter", "go.mod"), "\nreplace github.com/corsheaders/corsheaders/core => ../core\n")
	err := load(t, dir).Check(context.Background(), CheckOptions{Apps: []string{"gin"}})
	if err == nil || !strings.Contains(err.Error(), "ginadapter/go.mod: replace github.com/corsheaders/corsheaders/core => ../core") {
		t.Fatalf("Check gave %v, want the replace named", err)
	}
	t.Logf("as wanted:\n%v", err)
}

// A test-only requirement that leaks into chiadapter's go.mod shows in a
// net/http application's graph, and fails the rehearsal.
func TestCheckFailsOnATestOnlyRequirement(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an application")
	}
	dir := copyTree(t)
	appendTo(t, filepath.Join(dir, "chiadapter", "go.mod"), "\nrequire github.com/stretchr/testify v1.11.1\n")
	work := t.TempDir()
	ws := load(t, dir)
	err := ws.Check(context.Background(), CheckOptions{Apps: []string{"nethttp"}, Work: work})
	if err == nil || !strings.Contains(err.Error(), "go list -m all holds github.com/stretchr/testify") {
		t.Fatalf("Check gave %v, want testify named", err)
	}
	t.Logf("as wanted:\n%v", err)

	// The go command's own hashes of the candidate core match ours, which
	// make release writes into the modules' go.sum files.
	sums, err := ws.Sums(*ws.moduleIn("core"), "v0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(work, "apps", "nethttp", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range sums {
		if !strings.Contains(string(gosum), line+"\n") {
			t.Errorf("go.sum of the application lacks %q:\n%s", line, gosum)
		}
	}
}

// Another framework that leaks into an adapter's requirements fails the
// rehearsal of that adapter's application.
func TestCheckFailsOnAnotherFramework(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an application")
	}
	dir := copyTree(t)
	appendTo(t, filepath.Join(dir, "echoadapter", "go.mod"), "\nrequire github.com/go-chi/chi/v5 v5.5.0\n")
	err := load(t, dir).Check(context.Background(), CheckOptions{Apps: []string{"echo"}})
	if err == nil || !strings.Contains(err.Error(), "go list -m all holds github.com/go-chi/chi/v5: forbidden") {
		t.Fatalf("Check gave %v, want chi named", err)
	}
	t.Logf("as wanted:\n%v", err)
}

func TestSetVersion(t *testing.T) {
	dir := copyTree(t)
	ws := load(t, dir)
	changed, err := ws.SetVersion("v0.2.0")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := changed["core/go.mod"]; ok {
		t.Error("core/go.mod changed; it requires no corsheaders module")
	}
	for _, name := range []string{"go.work", "chiadapter/go.mod", "ginadapter/go.mod", "echoadapter/go.mod", "e2e/go.mod"} {
		data, ok := changed[name]
		if !ok {
			t.Errorf("%s unchanged", name)
			continue
		}
		if strings.Contains(string(data), "corsheaders/core v0.1.0") || !strings.Contains(string(data), "corsheaders/core v0.2.0") {
			t.Errorf("%s:\n%s", name, data)
		}
	}
	for name, data := range changed {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws = load(t, dir)
	if v, err := ws.Version(); v != "v0.2.0" || err != nil {
		t.Errorf("Version after SetVersion: %q, %v", v, err)
	}
	for _, err := range ws.Lint() {
		t.Error(err)
	}
}

func TestCheckVersion(t *testing.T) {
	for _, v := range []string{"v0.1.0", "v1.2.3", "v1.3.0-rc.1"} {
		if err := CheckVersion(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"", "0.1.0", "v0.1", "v1.2.3+meta", "v2.0.0", "latest"} {
		if err := CheckVersion(v); err == nil {
			t.Errorf("%s accepted", v)
		}
	}
}

// A new adapter module without an application in Apps fails the rehearsal.
func TestCheckFailsOnAnAdapterWithoutApplication(t *testing.T) {
	dir := copyTree(t)
	if err := os.MkdirAll(filepath.Join(dir, "fooadapter"), 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module github.com/corsheaders/corsheaders/fooadapter\n\ngo 1.26.0\n\nrequire github.com/corsheaders/corsheaders/core v0.1.0\n"
	if err := os.WriteFile(filepath.Join(dir, "fooadapter", "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fooadapter", "foo.go"), []byte("package fooadapter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	work, err := os.ReadFile(filepath.Join(dir, "go.work"))
	if err != nil {
		t.Fatal(err)
	}
	work = []byte(strings.Replace(string(work), "use (\n", "use (\n\t./fooadapter\n", 1))
	if err := os.WriteFile(filepath.Join(dir, "go.work"), work, 0o644); err != nil {
		t.Fatal(err)
	}
	err = load(t, dir).Check(context.Background(), CheckOptions{Apps: []string{"none"}})
	if err == nil || !strings.Contains(err.Error(), "fooadapter has no application in release.Apps") {
		t.Fatalf("Check gave %v, want fooadapter named", err)
	}
}
