package docsnippets

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// linkDefRE is a line of a comment that reads as a link definition.
var linkDefRE = regexp.MustCompile(`^\s*\[([^\]]+)\]:\s*(\S+)\s*$`)

// TestDocCommentLinks checks the link definitions ([Text]: URL) of the doc
// comments of the packages users import. go doc prints a definition it
// recognises after the comment, as a footnote of the linked text, and
// pkg.go.dev makes the text a link; a definition it does not recognise
// (not in the comment's last block, or in a comment go doc shows as
// source, such as a struct field's) is printed where it stands, as text.
// A Go name is linked by a doc link, [net/http/httputil.ReverseProxy], which
// go doc prints inline, not by a definition pointing at pkg.go.dev.
func TestDocCommentLinks(t *testing.T) {
	skip := map[string]bool{"internal": true, "testdata": true, "examples": true, "bench": true, "e2e": true}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[d.Name()] || strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		checkLinks(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no Go file found")
	}
}

func checkLinks(t *testing.T, path string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[*ast.CommentGroup]bool{f.Doc: true}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			docs[decl.Doc] = true
		case *ast.GenDecl:
			docs[decl.Doc] = true
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					docs[spec.Doc] = true
				case *ast.ValueSpec:
					docs[spec.Doc] = true
				}
			}
		}
	}
	// Every import path is a package a doc link may name.
	var p comment.Parser
	p.LookupPackage = func(name string) (string, bool) { return name, true }
	for _, cg := range f.Comments {
		var defs []string
		for _, line := range strings.Split(cg.Text(), "\n") {
			if m := linkDefRE.FindStringSubmatch(line); m != nil {
				defs = append(defs, m[1])
			}
		}
		if len(defs) == 0 {
			continue
		}
		where := fset.Position(cg.Pos())
		if !docs[cg] {
			t.Errorf("%s: go doc shows this comment as source, link definitions and all: link %q with a URL in the text", where, defs)
			continue
		}
		doc := p.Parse(cg.Text())
		known := map[string]*comment.LinkDef{}
		for _, def := range doc.Links {
			known[def.Text] = def
		}
		for _, text := range defs {
			def := known[text]
			switch {
			case def == nil:
				t.Errorf("%s: [%s]: go doc prints this definition as text; put it, with the comment's other definitions, in a block of its own at the end", where, text)
			case !def.Used:
				t.Errorf("%s: [%s] is defined but the comment never writes [%s]", where, text, text)
			case strings.HasPrefix(def.URL, "https://pkg.go.dev/"):
				t.Errorf("%s: [%s] points at pkg.go.dev: write a doc link, [import/path.Name], which go doc prints inline", where, text)
			}
		}
	}
}
