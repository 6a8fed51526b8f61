package release

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Tidy runs go mod tidy in every module of the workspace, outside the
// workspace, against a module proxy on disk that holds every corsheaders
// module at the version they require each other at. (Inside the workspace,
// go mod tidy cannot resolve a version that is not published yet.)
//
// The go command writes into each go.sum the hashes of the corsheaders
// modules it needs, computed from the tree as the module proxy will compute
// them from the tags. A release keeps them (keepSums); between releases
// they would go stale with every change, so Tidy removes them.
func (ws *Workspace) Tidy(ctx context.Context, log io.Writer, keepSums bool) error {
	version, err := ws.Version()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "corsheaders-tidy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	proxy := filepath.Join(work, "proxy")
	// Each module's go.mod changes as it is tidied: lay the proxy out
	// again after each, so that the next sees it.
	// Hashes of an earlier tree would fail the go command's check.
	for _, m := range ws.Modules {
		if err := ws.stripSums(m); err != nil {
			return err
		}
	}
	for i, m := range ws.Modules {
		if err := os.RemoveAll(proxy); err != nil {
			return err
		}
		if err := ws.WriteProxy(proxy, version); err != nil {
			return err
		}
		// A fresh module cache each time too, lest it keep an earlier
		// zip of the same version.
		env, err := GoEnv(proxy, filepath.Join(work, fmt.Sprintf("modcache-%d", i)))
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "go mod tidy in %s\n", m.Dir)
		cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
		cmd.Dir, cmd.Env = filepath.Join(ws.Root, filepath.FromSlash(m.Dir)), env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: go mod tidy: %v\n%s", m.Dir, err, out)
		}
	}
	if !keepSums {
		for _, m := range ws.Modules {
			if err := ws.stripSums(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// stripSums removes the lines of corsheaders modules from m's go.sum.
func (ws *Workspace) stripSums(m Module) error {
	name := filepath.Join(ws.Root, filepath.FromSlash(m.Dir), "go.sum")
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	var kept []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, Prefix) {
			kept = append(kept, line)
		}
	}
	return os.WriteFile(name, []byte(strings.Join(kept, "")), 0o644)
}
