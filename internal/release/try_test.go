package release

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrySetsUpAnApplicationFromTheClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an application")
	}
	ws := load(t, root)
	app, err := FindApp("chi")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "myapp")
	var log strings.Builder
	if err := ws.Try(context.Background(), app, dir, &log); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"module example.com/myapp",
		"\tgithub.com/corsheaders/corsheaders/chiadapter v0.1.0\n",
		"github.com/corsheaders/corsheaders/core v0.1.0 => " + filepath.Join(ws.Root, "core"),
		"github.com/corsheaders/corsheaders/chiadapter v0.1.0 => " + filepath.Join(ws.Root, "chiadapter"),
	} {
		if !strings.Contains(string(gomod), want) {
			t.Errorf("go.mod lacks %q:\n%s", want, gomod)
		}
	}
	if !strings.Contains(log.String(), "cd "+dir+" && go run .") {
		t.Errorf("Try's instructions do not say how to run it:\n%s", log.String())
	}

	// A plain go build, outside any workspace, as the user then runs it.
	bin := filepath.Join(t.TempDir(), "app")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir, build.Env = dir, append(slicesDeleteEnv(os.Environ(), "GOWORK"), "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := serveAndAsk(context.Background(), bin); err != nil {
		t.Error(err)
	}
}

func TestTryRefuses(t *testing.T) {
	ws := load(t, root)
	app, err := FindApp("gin")
	if err != nil {
		t.Fatal(err)
	}
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(ws.Root, "myapp"), "is inside the clone"},
		{ws.Root, "is inside the clone"},
		{full, "is not empty"},
	} {
		err := ws.Try(context.Background(), app, tc.dir, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Try in %s: got %v, want an error saying %q", tc.dir, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(ws.Root, "myapp")); !os.IsNotExist(err) {
		t.Errorf("Try wrote inside the clone: %v", err)
	}
}

func TestFindApp(t *testing.T) {
	for name, want := range map[string]string{
		"nethttp": "nethttp", "chi": "nethttp", "chiadapter": "nethttp",
		"gin": "gin", "echo": "echo", "echoadapter": "echo", "echov5": "echov5", "fiber": "fiber", "caddy": "caddy",
	} {
		app, err := FindApp(name)
		if err != nil || app.Name != want {
			t.Errorf("FindApp(%q) = %q, %v; want %q", name, app.Name, err, want)
		}
	}
	if _, err := FindApp("gorilla"); err == nil || !strings.Contains(err.Error(), "nethttp, gin, echo, echov5, fiber, caddy") {
		t.Errorf("FindApp(gorilla): %v", err)
	}
}
