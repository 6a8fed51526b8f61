package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, c := range []struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/corsheaders/corsheaders/cmd/corsheaders", Version: "v0.2.0"}}, true, "v0.2.0 (go1.26.0)"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}, true, "(devel) (go1.26.0)"},
		{&debug.BuildInfo{}, true, "(devel)"},
		{nil, false, "(devel)"},
	} {
		if got := version(c.info, c.ok); got != c.want {
			t.Errorf("version(%+v) = %q, want %q", c.info, got, c.want)
		}
	}
	for _, arg := range []string{"--version", "-version", "version"} {
		code, out, stderr := runText([]string{arg}, nil)
		if code != exitOK || !strings.HasPrefix(out, "corsheaders ") || !strings.HasSuffix(out, "\n") || stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, stderr)
		}
	}
}
