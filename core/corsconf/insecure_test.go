package corsconf

import (
	"strings"
	"testing"
)

// TestInsecureOriginSettingNames: an http:// origin with credentials is
// refused in settings' words, and the fix names the Go option no setting
// sets, unmangled.
func TestInsecureOriginSettingNames(t *testing.T) {
	s, err := FromEnv(env("CORS_ALLOWED_ORIGINS=http://app.example.com", "CORS_ALLOW_CREDENTIALS=true"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	ps := problems(t, err)
	if len(ps) != 1 || ps[0].Name != "CORS_ALLOWED_ORIGINS" || !strings.Contains(ps[0].Problem, "CORS_ALLOW_CREDENTIALS is set") ||
		!strings.Contains(ps[0].Fix, `"https://app.example.com"`) ||
		!strings.Contains(ps[0].Fix, "core.Config.UnsafeAllowInsecureOriginsWithCredentials (in Go code; no setting sets it)") {
		t.Fatalf("%+v", ps)
	}
}
