package migrating

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The guide quotes every program of this directory whole, in a Go block, so
// that what readers copy is what the tests of each program run.
func TestGuideQuotesPrograms(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "migrating.md"))
	require.NoError(t, err)
	programs, err := filepath.Glob(filepath.Join("*", "main.go"))
	require.NoError(t, err)
	require.Len(t, programs, 6, "one program per library the guide covers")
	for _, p := range programs {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		block := "```go\n" + string(src) + "```\n"
		assert.True(t, strings.Contains(string(guide), block),
			"docs/migrating.md does not quote %s verbatim; paste it again in its ```go block", p)
		link := "(../examples/migrating/" + filepath.ToSlash(p) + ")"
		assert.True(t, strings.Contains(string(guide), link), "docs/migrating.md does not link %s", p)
	}
}
