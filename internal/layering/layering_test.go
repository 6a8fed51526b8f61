package layering

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const corePath = "github.com/corsheaders/corsheaders/core"

// coreDir is core's directory in this repository.
var coreDir = filepath.Join("..", "..", "core")

// TestInternalPackagesDoNotImportCore: core's internal packages return plain
// values; only core knows Policy, Reason and ConfigError, so none of them
// may import it, directly or not.
func TestInternalPackagesDoNotImportCore(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{if .Module}}{{.Module.Path}}{{end}}", "./internal/...")
	cmd.Dir = coreDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, corePath+" ") {
			t.Errorf("an internal package of core imports core")
		}
	}
	lists, err := exec.Command("go", "list", "-C", coreDir, "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", "./internal/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(lists)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if imp == corePath || strings.HasPrefix(imp, corePath+"/") && !strings.HasPrefix(imp, corePath+"/internal/") {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// TestCoreFilesAreLayered: no file of package core uses, through the names
// it declares, a file that uses it back, however long the way round. Types
// sit in the files below the functions that use them, so that a reader can
// start at the bottom.
func TestCoreFilesAreLayered(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(coreDir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(coreDir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	// core's imports from their export data in the build cache, as go
	// list -export finds it: type-checking them from source takes seconds.
	out, err := exec.Command("go", "list", "-C", coreDir, "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	export := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, file, ok := strings.Cut(line, " "); ok && file != "" {
			export[path] = file
		}
	}
	lookup := func(path string) (io.ReadCloser, error) {
		if file, ok := export[path]; ok {
			return os.Open(file)
		}
		return nil, fmt.Errorf("core does not import %s", path)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", lookup)}
	pkg, err := conf.Check(corePath, fset, files, info)
	if err != nil {
		t.Fatalf("type-checking core: %v", err)
	}
	fileOf := func(pos token.Pos) string { return filepath.Base(fset.Position(pos).Filename) }
	uses := map[string]map[string]string{} // file → file it uses → one name, for the message
	for id, obj := range info.Uses {
		if obj == nil || obj.Pkg() != pkg || obj.Parent() != nil && obj.Parent() != pkg.Scope() && !isFieldOrMethod(obj) {
			continue
		}
		from, to := fileOf(id.Pos()), fileOf(obj.Pos())
		if from == to {
			continue
		}
		if uses[from] == nil {
			uses[from] = map[string]string{}
		}
		uses[from][to] = obj.Name()
	}
	for _, circle := range circles(uses) {
		var way []string
		for i, f := range circle {
			next := circle[(i+1)%len(circle)]
			if name, ok := uses[f][next]; ok {
				way = append(way, f+" uses "+name+" of "+next)
			}
		}
		t.Errorf("these files use each other: %v (%s)", circle, strings.Join(way, "; "))
	}
}

func isFieldOrMethod(obj types.Object) bool {
	switch o := obj.(type) {
	case *types.Var:
		return o.IsField()
	case *types.Func:
		return o.Signature().Recv() != nil
	}
	return false
}

// circles returns the groups of more than one file that reach each other
// (the strongly connected components of uses).
func circles(uses map[string]map[string]string) [][]string {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = len(index), len(index)
		stack = append(stack, v)
		onStack[v] = true
		for w := range uses[v] {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var group []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			group = append(group, w)
			if w == v {
				break
			}
		}
		if len(group) > 1 {
			sort.Strings(group)
			out = append(out, group)
		}
	}
	var names []string
	for f := range uses {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if _, seen := index[f]; !seen {
			visit(f)
		}
	}
	return out
}
