package corstest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// recordingTB records what a check reports instead of failing.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestAssertNoProtectedGrantCatchesALeak: a router that folds case and
// strips slashes, behind a middleware granting every origin, leaks the
// admin and report handlers; the kit reports each, and lets a middleware
// that grants nothing pass.
func TestAssertNoProtectedGrantCatchesALeak(t *testing.T) {
	router := func(grant bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if grant {
				w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
				w.Header().Set("Access-Control-Allow-Credentials", "true")
			}
			switch p := strings.TrimRight(strings.ToLower(r.URL.Path), "/"); {
			case strings.HasSuffix(p, "/admin/users"):
				w.Write([]byte("admin"))
			case p == "/reports":
				w.Write([]byte("reports"))
			}
		})
	}
	leaky := &recordingTB{TB: t}
	reached := AssertNoProtectedGrant(leaky, router(true))
	if reached["/ADMIN/users"] != "admin" || reached["/reports/"] != "reports" {
		t.Fatalf("reached %v", reached)
	}
	if len(leaky.errors) == 0 || !strings.Contains(strings.Join(leaky.errors, "\n"), "/ADMIN/users reached the admin handler") {
		t.Errorf("a leaking router passed: %q", leaky.errors)
	}
	closed := &recordingTB{TB: t}
	AssertNoProtectedGrant(closed, router(false))
	if len(closed.errors) != 0 {
		t.Errorf("a router granting nothing failed: %q", closed.errors)
	}
}
