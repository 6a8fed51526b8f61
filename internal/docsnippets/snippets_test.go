package docsnippets

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// root is the repository, seen from this package's directory.
const root = "../.."

// A block is one ```go block of a Markdown file.
type block struct {
	doc    string // the Markdown file, relative to the repository
	line   int    // the line of its first Go line, counted from 1
	text   string // its Go text, indentation of the fence removed
	marker string // the program it completes, from <!-- go: NAME -->; "" if unmarked
	reason string // why it is not built, from <!-- go: not built: REASON -->
	link   string // the .go file the line before it links, relative to the repository
}

var (
	fenceRE  = regexp.MustCompile("^( *)```go *$")
	markerRE = regexp.MustCompile(`^ *<!-- go: (?:([a-z0-9-]+)|not built: (.+?)) --> *$`)
	linkRE   = regexp.MustCompile(`\]\(([^)#]+\.go)\)`)
)

// blocks returns the ```go blocks of the Markdown file doc.
func blocks(t *testing.T, doc string) []block {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, doc))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var found []block
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, start := m[1], i
		b := block{doc: doc, line: start + 2}
		if start > 0 {
			if mk := markerRE.FindStringSubmatch(lines[start-1]); mk != nil {
				b.marker, b.reason = mk[1], mk[2]
			}
		}
		for j := start - 1; j >= 0; j-- {
			if strings.TrimSpace(lines[j]) == "" {
				continue
			}
			if l := linkRE.FindStringSubmatch(lines[j]); l != nil {
				b.link = path.Join(path.Dir(doc), l[1])
			}
			break
		}
		var text strings.Builder
		for i = start + 1; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			text.WriteString(strings.TrimPrefix(lines[i], indent))
			text.WriteByte('\n')
		}
		if i == len(lines) {
			t.Fatalf("%s:%d: the ```go block is never closed", doc, start+1)
		}
		b.text = text.String()
		found = append(found, b)
	}
	return found
}

// wholeFile reports whether text begins with a package clause, and the
// package's name.
func wholeFile(text string) (string, bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "", text, parser.PackageClauseOnly)
	if err != nil {
		return "", false
	}
	return f.Name.Name, true
}

// quoted reports whether b is, byte for byte, the repository file it links.
func quoted(b block) bool {
	if b.link == "" {
		return false
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(b.link)))
	return err == nil && string(src) == b.text
}

// importName is the name a file refers to an import by.
func importName(spec *ast.ImportSpec) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	p, _ := strconv.Unquote(spec.Path.Value)
	elems := strings.Split(p, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && regexp.MustCompile(`^v[0-9]+$`).MatchString(name) {
		name = elems[len(elems)-2]
	}
	return name
}

// lineDirective makes the compiler report positions in the Markdown file.
func lineDirective(b block, line int) string {
	abs, _ := filepath.Abs(filepath.Join(root, b.doc))
	return fmt.Sprintf("//line %s:%d\n", abs, line)
}

// fragment returns the file that puts the fragment b into the program
// context, whose source is ctx, and whether the fragment is statements,
// which that file wraps in a function named _: such files do not collide,
// and share one package per program.
func fragment(b block, ctx []byte) (src string, statements bool, err error) {
	fset := token.NewFileSet()
	cf, err := parser.ParseFile(fset, "context.go", ctx, parser.ImportsOnly)
	if err != nil {
		return "", false, err
	}
	available := map[string]string{} // name → import line
	for _, spec := range cf.Imports {
		available[importName(spec)] = spec.Path.Value
		if spec.Name != nil {
			available[importName(spec)] = spec.Name.Name + " " + spec.Path.Value
		}
	}

	// Declarations are a file of their own; statements, after any import
	// declaration, the body of a function.
	var head, body string
	if _, err := parser.ParseFile(fset, "", "package main\n"+b.text, parser.SkipObjectResolution); err != nil {
		f, err := parser.ParseFile(fset, "", "package main\n"+b.text, parser.ImportsOnly)
		if err != nil {
			return "", false, err
		}
		split := 0
		for _, d := range f.Decls {
			split = fset.Position(d.End()).Offset - len("package main\n")
		}
		head, body, statements = b.text[:split], b.text[split:], true
		if _, err := parser.ParseFile(fset, "", "package main\n"+head+"\nfunc _() {\n"+body+"\n}", parser.SkipObjectResolution); err != nil {
			return "", false, fmt.Errorf("neither declarations nor statements (after any imports): %v", err)
		}
	}
	headLines := strings.Count(head, "\n")

	assemble := func(imports []string, uses []string) string {
		var s strings.Builder
		s.WriteString("package main\n\n")
		for _, imp := range imports {
			fmt.Fprintf(&s, "import %s\n", imp)
		}
		if !statements {
			s.WriteString(lineDirective(b, b.line))
			s.WriteString(b.text)
			return s.String()
		}
		s.WriteString(lineDirective(b, b.line))
		s.WriteString(head)
		s.WriteString("\nfunc _() {\n")
		s.WriteString(lineDirective(b, b.line+headLines))
		s.WriteString(body)
		for _, u := range uses {
			fmt.Fprintf(&s, "\t_ = %s\n", u)
		}
		s.WriteString("}\n")
		return s.String()
	}

	first := assemble(nil, nil)
	f, err := parser.ParseFile(fset, "", first, 0)
	if err != nil {
		return "", false, err
	}
	own := map[string]bool{}
	for _, spec := range f.Imports {
		own[importName(spec)] = true
	}
	var imports, uses []string
	seen := map[string]bool{}
	// A fragment that writes imports is to be pasted with them: it gets
	// none from the program.
	writesImports := len(f.Imports) > 0
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && !writesImports {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil && !own[id.Name] && !seen[id.Name] && available[id.Name] != "" {
				seen[id.Name] = true
				imports = append(imports, available[id.Name])
			}
		}
		if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "_" && statements {
			for _, st := range fn.Body.List {
				for _, name := range declared(st) {
					if !slices.Contains(uses, name) {
						uses = append(uses, name)
					}
				}
			}
		}
		return true
	})
	slices.Sort(imports)
	return assemble(imports, uses), statements, nil
}

// declared returns the names a statement declares.
func declared(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, e := range st.Lhs {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, spec := range g.Specs {
				for _, id := range spec.(*ast.ValueSpec).Names {
					if id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// docs are the Markdown files whose Go blocks readers paste.
func docs(t *testing.T) []string {
	t.Helper()
	list, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"README.md"}
	for _, p := range list {
		names = append(names, "docs/"+filepath.Base(p))
	}
	return names
}

// workspace writes, in dir, a go.work that uses the repository's modules
// and the module in dir/snippets.
func workspace(t *testing.T, dir string) {
	t.Helper()
	workPath := filepath.Join(root, "go.work")
	data, err := os.ReadFile(workPath)
	if err != nil {
		t.Fatal(err)
	}
	wf, err := modfile.ParseWork(workPath, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	var w strings.Builder
	fmt.Fprintf(&w, "go %s\n\nuse ./snippets\n", wf.Go.Version)
	for _, u := range wf.Use {
		fmt.Fprintf(&w, "use %s\n", abs(u.Path))
	}
	for _, r := range wf.Replace {
		to := r.New.Path
		if modfile.IsDirectoryPath(to) {
			to = abs(to)
		}
		fmt.Fprintf(&w, "replace %s %s => %s %s\n", r.Old.Path, r.Old.Version, to, r.New.Version)
	}
	write(t, filepath.Join(dir, "go.work"), w.String())
	if sum, err := os.ReadFile(filepath.Join(root, "go.work.sum")); err == nil {
		write(t, filepath.Join(dir, "go.work.sum"), string(sum))
	}
	write(t, filepath.Join(dir, "snippets", "go.mod"), fmt.Sprintf("module docsnippets.test\n\ngo %s\n", wf.Go.Version))
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// blockName names a block after its place: docs/gin.md, line 14 is
// docs_gin_14.
func blockName(b block) string {
	name := strings.NewReplacer("/", "_", ".md", "", "-", "_").Replace(strings.ToLower(b.doc))
	return fmt.Sprintf("%s_%d", name, b.line)
}

// TestGoBlocksCompile builds every Go block of README.md and docs/*.md:
// whole files as they are, fragments in the program their marker names.
func TestGoBlocksCompile(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := buildDir(t)
	workspace(t, dir)
	var built, skipped, unbuilt int
	for _, doc := range docs(t) {
		for _, b := range blocks(t, doc) {
			where := fmt.Sprintf("%s:%d", b.doc, b.line-1)
			pkgDir := filepath.Join(dir, "snippets", blockName(b))
			switch name, whole := wholeFile(b.text); {
			case quoted(b):
				skipped++ // built and tested where it lives
			case b.reason != "":
				t.Logf("%s: not built: %s", where, b.reason)
				unbuilt++
			case whole && b.marker != "":
				t.Errorf("%s: the block has a package clause and a marker; remove the marker", where)
			case whole:
				file := "main.go"
				if strings.HasSuffix(name, "_test") {
					file = "main_test.go"
				}
				if name == "main" && !declaresMain(b.text) {
					t.Errorf("%s: package main declares no func main", where)
				}
				write(t, filepath.Join(pkgDir, file), lineDirective(b, b.line)+b.text)
				built++
			case b.marker == "":
				t.Errorf("%s: a Go block without a package clause needs a marker naming the program it completes, "+
					"<!-- go: NAME --> on the line before the fence, NAME.go in internal/docsnippets/testdata", where)
			default:
				ctx, err := os.ReadFile(filepath.Join("testdata", b.marker+".go"))
				if err != nil {
					t.Errorf("%s: marker names %q: %v", where, b.marker, err)
					continue
				}
				src, statements, err := fragment(b, ctx)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				file := filepath.Join(pkgDir, "snippet.go")
				if statements {
					pkgDir = filepath.Join(dir, "snippets", "in_"+strings.ReplaceAll(b.marker, "-", "_"))
					file = filepath.Join(pkgDir, blockName(b)+".go")
				}
				write(t, filepath.Join(pkgDir, "context.go"), string(ctx))
				write(t, file, src)
				built++
			}
		}
	}
	if built == 0 {
		t.Fatal("no Go block found")
	}
	t.Logf("%d blocks built, %d quoted from files built in their modules, %d not built", built, skipped, unbuilt)
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = filepath.Join(dir, "snippets")
	cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(dir, "go.work"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("go vet of the docs' Go blocks: %v\n%s", err, out.String())
	}
}

// declaresMain reports whether a file declares func main.
func declaresMain(text string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", text, parser.SkipObjectResolution)
	if err != nil {
		return true // the build reports it
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return true
		}
	}
	return false
}

// buildDir returns an empty directory for the build, the same for every run
// in this checkout, so that go vet's cache serves blocks that have not
// changed.
func buildDir(t *testing.T) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		return t.TempDir()
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "corsheaders-docsnippets", fmt.Sprintf("%x", sha256.Sum256([]byte(abs)))[:16])
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}
