package corstest

import (
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// TestRunCaseReportsADiff runs RunCase against a broken middleware in a
// child test process and checks what a failure tells the adapter's author:
// the request, the status and the headers as a - want / + got diff.
func TestRunCaseReportsADiff(t *testing.T) {
	if os.Getenv("CORSTEST_BROKEN_CHILD") == "1" {
		c := Case{
			Name:    "broken",
			Config:  core.Config{AllowedOrigins: []string{"https://example.com"}},
			Request: Request{Header: [][2]string{{"Origin", "https://example.com"}}},
			Kind:    core.Actual,
			Header:  want{"Vary": "Origin", "Access-Control-Allow-Origin": "https://example.com"},
		}
		// A middleware that grants "*" and forgets Vary, and answers 202.
		RunCase(t, c, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusAccepted)
			})
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunCaseReportsADiff$", "-test.v")
	cmd.Env = append(os.Environ(), "CORSTEST_BROKEN_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("RunCase passed a broken middleware:\n%s", out)
	}
	for _, want := range []string{
		"GET /api/resource",
		"Origin: https://example.com",
		"status 202, want 200",
		"the application ran: false, want true",
		"- Access-Control-Allow-Origin: https://example.com",
		"+ Access-Control-Allow-Origin: *",
		"+ Access-Control-Max-Age: 600",
		"- Vary: Origin",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

func TestDiffHeaders(t *testing.T) {
	if d := diffHeaders(want{"Vary": "Origin"}, want{"Vary": "Origin"}); d != "" {
		t.Errorf("equal headers gave a diff:\n%s", d)
	}
	if d := diffHeaders(want{}, map[string]string{}); d != "" {
		t.Errorf("no headers gave a diff:\n%s", d)
	}
	got := diffHeaders(want{"Vary": "Origin", "Access-Control-Allow-Origin": "https://a.com"}, want{"Vary": "Origin", "Access-Control-Allow-Credentials": "true"})
	want := "\t+ Access-Control-Allow-Credentials: true\n\t- Access-Control-Allow-Origin: https://a.com\n\t  Vary: Origin"
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}
