package corstest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	const known, newcomer = "https://app.example.com", "https://new.example.com"
	live := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{known}}))
	app := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("items")) })
	srv := newServer(t, live, app)

	ask := func() (actual, preflight http.Header, actualBody string, preflightStatus int) {
		a := Serve(srv, http.MethodGet, "/items", "Origin", newcomer)
		p := Serve(srv, http.MethodOptions, "/items", "Origin", newcomer, "Access-Control-Request-Method", http.MethodPut)
		return a.Header(), p.Header(), a.Body.String(), p.Code
	}
	actual, _, body, status := ask()
	assert.Equal(t, "items", body)
	assert.Empty(t, actual.Get("Access-Control-Allow-Origin"), "not yet allowed")
	assert.Equal(t, http.StatusForbidden, status)

	require.NoError(t, live.Reload(core.Config{AllowedOrigins: []string{known, newcomer}}))
	actual, preflight, _, status := ask()
	assert.Equal(t, newcomer, actual.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, newcomer, preflight.Get("Access-Control-Allow-Origin"))

	require.Error(t, live.Reload(core.Config{AllowedOrigins: []string{"nope"}}))
	actual, _, _, _ = ask()
	assert.Equal(t, newcomer, actual.Get("Access-Control-Allow-Origin"), "an invalid reload keeps the policy in force")
}
