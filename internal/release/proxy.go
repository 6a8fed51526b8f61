package release

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// Files are the files of m's module zip as the module proxy will build it
// from the tag: the files git tracks under m.Dir (read from the work tree),
// less those of nested modules, plus the repository's LICENSE when m.Dir
// has none, as the go command adds it to a module in a subdirectory. Out of
// a git work tree (a copy in a test), every file under m.Dir counts.
func (ws *Workspace) Files(m Module) ([]modzip.File, error) {
	var names []string
	out, err := exec.Command("git", "-C", ws.Root, "ls-files", "-z", "--", m.Dir).Output()
	if err == nil && isGitRoot(ws.Root) {
		for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			if name != "" {
				names = append(names, name)
			}
		}
	} else {
		err := filepath.WalkDir(filepath.Join(ws.Root, filepath.FromSlash(m.Dir)), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(ws.Root, p)
			names = append(names, filepath.ToSlash(rel))
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	var files []modzip.File
	haveLicense := false
	for _, name := range names {
		full := filepath.Join(ws.Root, filepath.FromSlash(name))
		info, err := os.Lstat(full)
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		} else if err != nil {
			return nil, err
		}
		rel := strings.TrimPrefix(name, m.Dir+"/")
		if rel == "LICENSE" {
			haveLicense = true
		}
		files = append(files, diskFile{rel: rel, full: full, info: info})
	}
	if !haveLicense {
		full := filepath.Join(ws.Root, "LICENSE")
		if info, err := os.Lstat(full); err == nil {
			files = append(files, diskFile{rel: "LICENSE", full: full, info: info})
		}
	}
	return files, nil
}

func isGitRoot(dir string) bool {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return false
	}
	top, err1 := filepath.EvalSymlinks(strings.TrimSpace(string(out)))
	here, err2 := filepath.EvalSymlinks(dir)
	return err1 == nil && err2 == nil && top == here
}

type diskFile struct {
	rel, full string
	info      fs.FileInfo
}

func (f diskFile) Path() string                 { return f.rel }
func (f diskFile) Lstat() (fs.FileInfo, error)  { return f.info, nil }
func (f diskFile) Open() (io.ReadCloser, error) { return os.Open(f.full) }

// Zip is m's module zip at version v.
func (ws *Workspace) Zip(m Module, v string) ([]byte, error) {
	files, err := ws.Files(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := modzip.Create(&buf, module.Version{Path: m.Path, Version: v}, files); err != nil {
		return nil, fmt.Errorf("%s: %w", m.Dir, err)
	}
	return buf.Bytes(), nil
}

// Sums are the go.sum lines of m at version v: the hash of its zip and of
// its go.mod.
func (ws *Workspace) Sums(m Module, v string) ([]string, error) {
	z, err := ws.Zip(m, v)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		return nil, err
	}
	var names []string
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		byName[f.Name] = f
	}
	h, err := dirhash.Hash1(names, func(name string) (io.ReadCloser, error) { return byName[name].Open() })
	if err != nil {
		return nil, err
	}
	gomod, err := os.ReadFile(filepath.Join(ws.Root, filepath.FromSlash(m.Dir), "go.mod"))
	if err != nil {
		return nil, err
	}
	hm, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(gomod)), nil })
	if err != nil {
		return nil, err
	}
	return []string{m.Path + " " + v + " " + h, m.Path + " " + v + "/go.mod " + hm}, nil
}

// WriteProxy lays every module of the workspace out at version v in dir as
// a module proxy (GOPROXY=file://dir): <escaped path>/@v/list, v.info, v.mod
// and v.zip.
func (ws *Workspace) WriteProxy(dir, v string) error {
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{v, time.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return err
	}
	for _, m := range ws.Modules {
		esc, err := module.EscapePath(m.Path)
		if err != nil {
			return err
		}
		escV, err := module.EscapeVersion(v)
		if err != nil {
			return err
		}
		at := filepath.Join(dir, filepath.FromSlash(esc), "@v")
		if err := os.MkdirAll(at, 0o755); err != nil {
			return err
		}
		z, err := ws.Zip(m, v)
		if err != nil {
			return err
		}
		gomod, err := os.ReadFile(filepath.Join(ws.Root, filepath.FromSlash(m.Dir), "go.mod"))
		if err != nil {
			return err
		}
		for name, data := range map[string][]byte{"list": []byte(v + "\n"), escV + ".info": info, escV + ".mod": gomod, escV + ".zip": z} {
			if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// GoEnv is the environment of a go command outside the workspace that
// finds the corsheaders modules in the proxy at proxyDir and every other
// module in the machine's module cache or its usual proxy, with an empty
// module cache of its own at modcache.
func GoEnv(proxyDir, modcache string) ([]string, error) {
	hostCache, err := goEnv("GOMODCACHE")
	if err != nil {
		return nil, err
	}
	hostProxy, err := goEnv("GOPROXY")
	if err != nil {
		return nil, err
	}
	proxies := []string{fileURL(proxyDir)}
	if st, err := os.Stat(filepath.Join(hostCache, "cache", "download")); hostCache != "" && err == nil && st.IsDir() {
		// The machine's module cache is laid out as a proxy: a fresh
		// cache fills from it without the network where it can.
		proxies = append(proxies, fileURL(filepath.Join(hostCache, "cache", "download")))
	}
	if hostProxy != "" && hostProxy != "off" {
		proxies = append(proxies, hostProxy)
	}
	env := slicesDeleteEnv(os.Environ(), "GOWORK", "GOMODCACHE", "GOPROXY", "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOFLAGS", "GOTOOLCHAIN")
	return append(env,
		"GOWORK=off",
		"GOMODCACHE="+modcache,
		"GOPROXY="+strings.Join(proxies, ","),
		// The candidate versions are in no checksum database yet; every
		// other module is checked against it as usual.
		"GONOSUMDB="+strings.TrimSuffix(Prefix, "/"),
		"GOFLAGS=-mod=mod -modcacherw",
		"GOTOOLCHAIN=local",
	), nil
}

func fileURL(dir string) string {
	return "file://" + path.Clean(filepath.ToSlash(dir))
}

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(out)), err
}

func slicesDeleteEnv(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, n := range names {
			if name == n {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}
