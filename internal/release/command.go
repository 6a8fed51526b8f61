package release

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A Command is a released module that holds a program users install with
// go install, not a library they import.
type Command struct {
	// Name is the program's name, the last element of its module path.
	Name string
	// Module is the directory of its module.
	Module string
	// Run are invocations that must succeed once it is installed, each
	// with the environment variables it runs with.
	Run []Invocation
}

// An Invocation is one run of an installed command.
type Invocation struct {
	Args []string
	Env  []string
}

// Commands are the programs of make release-check: each is installed from
// the candidate proxy with go install, as its documentation says, and run.
var Commands = []Command{
	{Name: "corsheaders", Module: "cmd/corsheaders", Run: []Invocation{
		{Args: []string{"validate", "--env"}, Env: []string{"CORS_ALLOWED_ORIGINS=https://a.example.com,https://b.example.com", "CORS_ALLOW_CREDENTIALS=true"}},
		{Args: []string{"explain", "--env", "--origin", "https://a.example.com", "--method", "PUT", "--credentials"}, Env: []string{"CORS_ORIGIN_WHITELIST=https://a.example.com", "CORS_ALLOW_CREDENTIALS=true"}},
	}},
}

// checkCommand installs c with go install <module>@<version> outside the
// workspace, with an empty module cache, runs each of its invocations, and
// checks that only the command's own module, core and golang.org/x were
// downloaded: its test-only requirements never reach an installer.
func (ws *Workspace) checkCommand(ctx context.Context, c Command, m Module, version, proxy, dir, cache string, logf func(string, ...any)) error {
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	env, err := GoEnv(proxy, cache)
	if err != nil {
		return err
	}
	install := exec.CommandContext(ctx, "go", "install", m.Path+"@"+version)
	install.Dir, install.Env = dir, append(env, "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		return fmt.Errorf("go install %s@%s: %v\n%s", m.Path, version, err, out)
	}
	var errs []error
	for _, inv := range c.Run {
		run := exec.CommandContext(ctx, filepath.Join(bin, c.Name), inv.Args...)
		run.Dir = dir
		run.Env = append(withoutCORS(os.Environ()), inv.Env...)
		if out, err := run.CombinedOutput(); err != nil {
			errs = append(errs, fmt.Errorf("%s %s (with %s): %v\n%s", c.Name, strings.Join(inv.Args, " "), strings.Join(inv.Env, " "), err, out))
		}
	}
	zips, err := downloadedZips(cache)
	if err != nil {
		return err
	}
	for _, z := range zips {
		if z.Path != m.Path && z.Path != Prefix+"core" && !strings.HasPrefix(z.Path, "golang.org/x/") {
			errs = append(errs, fmt.Errorf("go install downloaded the zip of %s@%s, which the command does not build with", z.Path, z.Version))
		}
	}
	logf("     %s: installed, %d invocations, %d module zips downloaded", c.Name, len(c.Run), len(zips))
	return errors.Join(errs...)
}

// withoutCORS is env without CORS_* variables, which the command would
// read.
func withoutCORS(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "CORS_") {
			out = append(out, kv)
		}
	}
	return out
}
