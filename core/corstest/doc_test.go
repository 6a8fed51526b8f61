package corstest

import (
	"os"
	"strings"
	"testing"
)

// TestAdaptersDocShowsTheExample checks that docs/adapters.md shows
// example_adapter_test.go as it is, so that the doc's example compiles and
// passes. Out of the repository (in a module cache) there is no doc to check.
func TestAdaptersDocShowsTheExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/adapters.md")
	if os.IsNotExist(err) {
		t.Skip("no docs/adapters.md beside this module")
	} else if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example_adapter_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```go\n"+string(example)+"```\n") {
		t.Error("docs/adapters.md does not show example_adapter_test.go as it is, in a ```go block: copy the file into the doc")
	}
}
