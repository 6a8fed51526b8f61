// Command release is make release and make tidy (see docs/releasing.md).
//
//	go run ./internal/cmd/release -version v0.2.0 [-dry-run] [-skip-tests]
//	go run ./internal/cmd/release -tidy
//
// A release checks the tree (the version's syntax, a clean work tree on
// main, no existing tag of that version, every module publishable, the
// tests and the publication rehearsal), moves the requirements between the
// corsheaders modules and go.work's replacements to the version, tidies every
// module against the tree laid out as a module proxy (which writes the
// corsheaders modules' hashes into the go.sum files), commits, and tags every
// released module, core first. It never pushes: it prints the command.
// With -dry-run it checks, prints what it would change and tag, and writes
// nothing.
//
// -tidy runs go mod tidy in every module against the tree, which a plain go
// mod tidy cannot do while the version the modules require is unpublished.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"

	"github.com/corsheaders/corsheaders/internal/release"
)

func main() {
	root := flag.String("root", ".", "the directory of go.work: the repository's root")
	version := flag.String("version", "", "the version to release, such as v0.2.0")
	dryRun := flag.Bool("dry-run", false, "check and show what would change, write nothing")
	skipTests := flag.Bool("skip-tests", false, "skip make test, make test-slow and make release-check")
	branch := flag.String("branch", "main", "the branch a release is made from")
	tidy := flag.Bool("tidy", false, "only run go mod tidy in every module against the tree")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *tidy {
		err = tidyAll(ctx, *root)
	} else {
		err = run(ctx, os.Stdout, *root, *version, *branch, *dryRun, *skipTests)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "release: "+err.Error())
		os.Exit(1)
	}
}

func tidyAll(ctx context.Context, root string) error {
	ws, err := release.Load(root)
	if err != nil {
		return err
	}
	return ws.Tidy(ctx, os.Stdout, false)
}

func run(ctx context.Context, out io.Writer, root, version, branch string, dryRun, skipTests bool) error {
	ws, err := release.Load(root)
	if err != nil {
		return err
	}
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = ws.Root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}

	// The checks: each failure is listed; a dry run goes on after them.
	var problems []error
	if err := release.CheckVersion(version); err != nil {
		problems = append(problems, err)
	}
	if st, err := git("status", "--porcelain"); err != nil {
		problems = append(problems, err)
	} else if st != "" {
		problems = append(problems, fmt.Errorf("the work tree is not clean:\n%s", st))
	}
	if b, err := git("rev-parse", "--abbrev-ref", "HEAD"); err != nil {
		problems = append(problems, err)
	} else if b != branch {
		problems = append(problems, fmt.Errorf("on branch %s, want %s", b, branch))
	}
	for _, m := range ws.Released() {
		if out, err := git("tag", "-l", m.Tag(version)); err != nil {
			problems = append(problems, err)
		} else if out != "" {
			problems = append(problems, fmt.Errorf("the tag %s exists already", m.Tag(version)))
		}
	}
	problems = append(problems, ws.Lint()...)
	for _, p := range problems {
		fmt.Fprintln(out, "check failed:", p)
	}
	if len(problems) > 0 && !dryRun {
		return errors.New("no release: fix the checks above")
	}
	if len(problems) == 0 {
		fmt.Fprintln(out, "checks: ok")
	}

	if !skipTests && !dryRun {
		for _, target := range []string{"test", "test-slow", "release-check"} {
			fmt.Fprintln(out, "== make", target)
			cmd := exec.CommandContext(ctx, "make", target)
			cmd.Dir, cmd.Stdout, cmd.Stderr = ws.Root, out, out
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("make %s: %v", target, err)
			}
		}
	}

	changed, err := ws.SetVersion(version)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(changed))
	for name := range changed {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintf(out, "requirements between the modules move to %s in: %s\n", version, strings.Join(names, " "))
	var tags []string
	for _, m := range ws.Released() {
		tags = append(tags, m.Tag(version))
	}
	if dryRun {
		for _, name := range names {
			old, _ := os.ReadFile(filepath.Join(ws.Root, filepath.FromSlash(name)))
			fmt.Fprint(out, lineDiff(name, string(old), string(changed[name])))
		}
		fmt.Fprintln(out, "then: go mod tidy in every module against the tree (go.sum gains the hashes of the corsheaders modules at", version+")")
		fmt.Fprintf(out, "then: git commit -m \"release %s\"\n", version)
		fmt.Fprintln(out, "then, in this order:")
		for _, tag := range tags {
			fmt.Fprintf(out, "\tgit tag -a %s -m %q\n", tag, tag)
		}
		fmt.Fprintln(out, "dry run: nothing written")
		if len(problems) > 0 {
			return errors.New("the checks above would stop a release")
		}
		return nil
	}

	for _, name := range names {
		if err := os.WriteFile(filepath.Join(ws.Root, filepath.FromSlash(name)), changed[name], 0o644); err != nil {
			return err
		}
	}
	if ws, err = release.Load(root); err != nil {
		return err
	}
	if err := ws.Tidy(ctx, out, true); err != nil {
		return err
	}
	if errs := ws.Lint(); len(errs) > 0 {
		return errors.Join(errs...)
	}
	if st, err := git("status", "--porcelain"); err != nil {
		return err
	} else if st != "" {
		if _, err := git("commit", "-a", "-m", "release "+version); err != nil {
			return err
		}
	}
	for _, tag := range tags {
		if _, err := git("tag", "-a", tag, "-m", tag); err != nil {
			return err
		}
		fmt.Fprintln(out, "tagged", tag)
	}
	fmt.Fprintf(out, "done; nothing is pushed. To publish:\n\tgit push origin %s %s\n", branch, strings.Join(tags, " "))
	return nil
}

// lineDiff shows the lines of a file that change, as - old / + new.
func lineDiff(name, old, new string) string {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n", name)
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			fmt.Fprintf(&out, "-%s\n+%s\n", a[i], b[i])
		}
	}
	return out.String()
}
