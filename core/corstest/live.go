package corstest

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// NewServerFrom builds the server under test from a policy source: the
// adapter's FromPolicy middleware in front of app, which answers GET /items.
type NewServerFrom func(t *testing.T, src core.Source, app http.Handler) http.Handler

// RunLiveReload checks that a middleware built once from a [core.Live]
// follows the policy the Live holds: a reload with a new origin changes the
// answers of the same server, and an invalid reload keeps the policy in
// force.
func RunLiveReload(t *testing.T, newServer NewServerFrom) {
	t.Helper()
	const known, newcomer = "https://app.example.com", "https://new.example.com"
	live := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{known}}))
	app := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("items")) })
	srv := newServer(t, live, app)
	if srv == nil {
		t.Fatal("corstest: NewServerFrom returned nil")
	}

	type answers struct {
		actualOrigin, actualBody string
		preflightOrigin          string
		preflightStatus          int
	}
	ask := func() answers {
		a := Serve(srv, http.MethodGet, "/items", "Origin", newcomer)
		p := Serve(srv, http.MethodOptions, "/items", "Origin", newcomer, "Access-Control-Request-Method", http.MethodPut)
		return answers{
			actualOrigin: a.Header().Get("Access-Control-Allow-Origin"), actualBody: a.Body.String(),
			preflightOrigin: p.Header().Get("Access-Control-Allow-Origin"), preflightStatus: p.Code,
		}
	}
	check := func(when string, got, want answers) {
		t.Helper()
		if got != want {
			t.Errorf("%s, for GET and a PUT preflight from %s:\n\tgot  %+v\n\twant %+v", when, newcomer, got, want)
		}
	}
	refused := answers{actualBody: "items", preflightStatus: http.StatusForbidden}
	granted := answers{actualOrigin: newcomer, actualBody: "items", preflightOrigin: newcomer, preflightStatus: http.StatusNoContent}

	check("before the reload", ask(), refused)
	if err := live.Reload(core.Config{AllowedOrigins: []string{known, newcomer}}); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	check("after a reload that lists it", ask(), granted)
	if err := live.Reload(core.Config{AllowedOrigins: []string{"nope"}}); err == nil {
		t.Fatal("Reload accepted an invalid configuration")
	}
	check("after an invalid reload, which keeps the policy in force", ask(), granted)
}
