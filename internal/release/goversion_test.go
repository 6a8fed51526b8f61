package release

import (
	goversion "go/version"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's two commands must work on the Go version it states: every
// module and go.work say go MinGo, and every minimum the documentation
// states ("Go 1.26 or later", "at least Go 1.26") is MinGo's language.
func TestTheDocsStateTheGoVersionTheModulesNeed(t *testing.T) {
	ws := load(t, root)
	if v := ws.work.Go.Version; v != MinGo {
		t.Errorf("go.work says go %s, want go %s", v, MinGo)
	}
	for _, m := range ws.Modules {
		if m.file.Go == nil || m.file.Go.Version != MinGo {
			t.Errorf("%s/go.mod does not say go %s", m.Dir, MinGo)
		}
	}

	lang := goversion.Lang("go" + MinGo) // "go1.26"
	minimum := regexp.MustCompile(`(?i)\bGo (1\.\d+(?:\.\d+)?) or (?:later|newer|above)|\bat least Go (1\.\d+(?:\.\d+)?)|\bGo (1\.\d+(?:\.\d+)?)\+`)
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "README.md"))
	found := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(data)), " ") // a statement may wrap
		for _, m := range minimum.FindAllStringSubmatch(text, -1) {
			v := m[1] + m[2] + m[3]
			found++
			if goversion.Lang("go"+v) != lang {
				t.Errorf("%s: %q: the modules need go %s (release.MinGo)", filepath.Base(f), m[0], MinGo)
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "`go "+MinGo+"`") {
		t.Errorf("README.md does not say that the modules say `go %s`", MinGo)
	}
	if found == 0 {
		t.Error("no statement of a minimum Go version in README.md or docs/")
	}
}
