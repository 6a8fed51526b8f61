package docsnippets

import (
	"strings"
	"testing"
)

const program = `package main

import (
	"log"
	"net/http"
)

var mux = http.NewServeMux()

var _ = log.Fatal
`

// TestFragmentRules shows how a fragment is put into the program it
// completes, without building it.
func TestFragmentRules(t *testing.T) {
	for _, c := range []struct {
		name, text string
		statements bool
		want       []string // lines of the file
		absent     []string
	}{{
		name:       "statements get the imports they use, and their names used",
		text:       "p, err := 1, http.ErrAbortHandler\n",
		statements: true,
		want:       []string{`import "net/http"`, "func _() {", "\t_ = p", "\t_ = err"},
		absent:     []string{`import "log"`},
	}, {
		name:       "a fragment that writes imports gets none",
		text:       "import \"fmt\"\n\nfmt.Println(http.StatusOK)\n",
		statements: true,
		want:       []string{`import "fmt"`, "func _() {"},
		absent:     []string{`import "net/http"`},
	}, {
		name:   "declarations are a file of their own",
		text:   "func handler(w http.ResponseWriter, r *http.Request) { log.Print(r.URL) }\n",
		want:   []string{`import "log"`, `import "net/http"`, "func handler(w http.ResponseWriter, r *http.Request) { log.Print(r.URL) }"},
		absent: []string{"func _() {"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			src, statements, err := fragment(block{doc: "x.md", line: 3, text: c.text}, []byte(program))
			if err != nil {
				t.Fatal(err)
			}
			if statements != c.statements {
				t.Errorf("statements = %v, want %v", statements, c.statements)
			}
			lines := strings.Split(src, "\n")
			for _, w := range c.want {
				if !contains(lines, w) {
					t.Errorf("no line %q in\n%s", w, src)
				}
			}
			for _, a := range c.absent {
				if contains(lines, a) {
					t.Errorf("line %q in\n%s", a, src)
				}
			}
		})
	}
	if _, _, err := fragment(block{doc: "x.md", line: 3, text: "func f() {}\nf()\n"}, []byte(program)); err == nil {
		t.Error("declarations and statements mixed: no error")
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
