package corstest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// failures records what a check reports instead of failing.
type failures struct {
	testing.TB
	errors []string
}

func (f *failures) Helper() {}
func (f *failures) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// TestAssertRoutedAreas: an http.ServeMux behind the net/http adapter of
// example_adapter_test.go passes; behind a middleware that grants nothing,
// the paths every router reads alike are reported ungranted.
func TestAssertRoutedAreasPassesServeMuxAndReportsMissingGrants(t *testing.T) {
	mux := http.NewServeMux()
	for path, body := range map[string]string{
		"GET /admin/users": "admin", "GET /internal/secrets": "internal", "GET /reports": "reports",
		"GET /exports/": "exports", "GET /blog/": "blog",
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) })
	}
	reached := corstest.AssertRoutedAreas(t, middleware(core.MustPolicy(corstest.RoutedAreas()))(mux))
	if reached["/exports"] != "exports" {
		t.Errorf("ServeMux's redirect of /exports to /exports/ was not followed: %v", reached)
	}

	silent := &failures{TB: t}
	corstest.AssertRoutedAreas(silent, mux)
	if got := strings.Join(silent.errors, "\n"); !strings.Contains(got, "Access-Control-Allow-Origin") {
		t.Errorf("a middleware granting nothing passed: %q", silent.errors)
	}
}
