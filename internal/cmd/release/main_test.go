package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/internal/release"
)

// scratchRepo copies the files git tracks in the repository into a new git
// repository on branch main, with one commit, and returns its directory.
func scratchRepo(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("copies the tree into a scratch repository")
	}
	out, err := exec.Command("git", "-C", "../../..", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not in a git work tree: %v", err)
	}
	dir := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join("../../..", name))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range [][2]string{{"GIT_AUTHOR_NAME", "t"}, {"GIT_AUTHOR_EMAIL", "t@example.com"}, {"GIT_COMMITTER_NAME", "t"}, {"GIT_COMMITTER_EMAIL", "t@example.com"}} {
		t.Setenv(kv[0], kv[1])
	}
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "scratch")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := scratchRepo(t)
	var log strings.Builder
	if err := run(context.Background(), &log, dir, "v0.2.0", "main", true, true); err != nil {
		t.Fatal(err)
	}
	if st := git(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("a dry run changed the tree:\n%s", st)
	}
	if tags := git(t, dir, "tag"); tags != "" {
		t.Errorf("a dry run tagged: %s", tags)
	}
}

func TestRefusesABadVersionAndAnotherBranch(t *testing.T) {
	dir := scratchRepo(t)
	var log strings.Builder
	if err := run(context.Background(), &log, dir, "0.2", "main", false, true); err == nil {
		t.Error("version 0.2 accepted")
	}
	git(t, dir, "checkout", "-q", "-b", "feature")
	if err := run(context.Background(), &log, dir, "v0.2.0", "main", false, true); err == nil {
		t.Error("a release from branch feature")
	}
	if tags := git(t, dir, "tag"); tags != "" {
		t.Errorf("tagged: %s", tags)
	}
}

// A release moves the requirements, writes the go.sum hashes, commits and
// tags core first; a second release of the same version is refused.
func TestRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("tidies every module")
	}
	dir := scratchRepo(t)
	var log strings.Builder
	if err := run(context.Background(), &log, dir, "v0.2.0", "main", false, true); err != nil {
		t.Fatal(err)
	}
	if st := git(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("the release left changes:\n%s", st)
	}
	if msg := git(t, dir, "log", "-1", "--format=%s"); msg != "release v0.2.0" {
		t.Errorf("last commit %q", msg)
	}
	if _, after, _ := strings.Cut(log.String(), "\ntagged "); !strings.HasPrefix(after, "core/v0.2.0\n") || !strings.Contains(after, "\ntagged chiadapter/v0.2.0\n") {
		t.Errorf("core not tagged first, or chiadapter not tagged:\n%s", log.String())
	}
	ws, err := release.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// One tag per released module: core, the three adapters, the command.
	if tags := strings.Fields(git(t, dir, "tag")); len(tags) != len(ws.Released()) || len(tags) < 5 {
		t.Errorf("tags %v: want one per released module, %d", tags, len(ws.Released()))
	}
	if v, err := ws.Version(); v != "v0.2.0" || err != nil {
		t.Errorf("version after the release: %q, %v", v, err)
	}
	if errs := ws.Lint(); len(errs) > 0 {
		t.Errorf("not publishable after the release: %v", errs)
	}
	sums, err := ws.Sums(ws.Released()[0], "v0.2.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, adapter := range []string{"chiadapter", "ginadapter", "echoadapter"} {
		gosum, err := os.ReadFile(filepath.Join(dir, adapter, "go.sum"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range sums {
			if !strings.Contains(string(gosum), line+"\n") {
				t.Errorf("%s/go.sum lacks %q", adapter, line)
			}
		}
	}
	if err := run(context.Background(), &log, dir, "v0.2.0", "main", false, true); err == nil || !strings.Contains(err.Error(), "no release") {
		t.Errorf("a second release of v0.2.0 gave %v", err)
	}
}
