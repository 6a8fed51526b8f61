package corstest

import (
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// TestDecisions checks core.Handle itself against every case, with no
// server in between: the Kind, and that the headers it writes are those the
// case expects.
func TestDecisions(t *testing.T) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			cfg := c.Config
			for _, h := range c.Hooks {
				cfg.CheckRequest = append(cfg.CheckRequest, h.Answer)
			}
			p, err := core.NewPolicy(cfg)
			if err != nil {
				t.Fatalf("NewPolicy: %v", err)
			}
			checkDecision(t, p, &c, c.Rewrite, "")
			for i, f := range c.Then {
				fc := c.followup(f)
				checkDecision(t, p, &fc, NoRewrite, fmt.Sprintf("request %d (Then[%d]): ", i+2, i))
			}
		})
	}
}

func TestCaseNamesAreUnique(t *testing.T) {
	var names []string
	for _, c := range Cases() {
		names = append(names, c.Name)
	}
	if len(names) < 120 {
		t.Fatalf("%d cases", len(names))
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		if names[i-1] == names[i] {
			t.Errorf("two cases named %q", names[i])
		}
	}
}

// checkDecision has core.Handle decide c's request with p and write the
// decision as a server would (with c's OuterVary, AppVary and rw), and reports through t,
// each message starting with label, how it differs from c.
func checkDecision(t *testing.T, p *core.Policy, c *Case, rw Rewrite, label string) {
	t.Helper()
	h := http.Header{}
	if c.OuterVary != "" {
		h.Set("Vary", c.OuterVary)
	}
	d := core.Handle(p, h, c.HTTPRequest())
	if d.Kind != c.Kind {
		t.Errorf("%skind %v, want %v (reason: %s)", label, d.Kind, c.Kind, d.Reason)
	}
	if c.AppVary != "" && c.NextRuns() {
		h.Add("Vary", c.AppVary)
	}
	if diff := diffHeaders(c.Header, corsHeaders(h)); diff != "" {
		t.Errorf("%sAccess-Control-* and Vary headers differ (- want, + got):\n%s", label, diff)
	}
	rw.Apply(h) // once the answer is written
}
