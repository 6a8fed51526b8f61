package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// A recorder's handler answers every request with a grant for its
// Origin, with credentials, and records what it received.
type recorder struct {
	mu  sync.Mutex
	got []http.Header
}

func (rec *recorder) handler(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.got = append(rec.got, r.Header.Clone())
		rec.mu.Unlock()
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Access-Control-Allow-Headers", "authorization, x-a")
			w.Header().Set("Access-Control-Allow-Methods", "GET, PUT")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next(w, r)
	})
}

func (rec *recorder) headers() []http.Header {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]http.Header(nil), rec.got...)
}

// A redirect to another host must not carry the cookie given for the
// first host, nor the Authorization header (the Fetch standard removes it
// on a cross-origin redirect), and the report must not show the password of
// a Location.
func TestCheckRedirectDoesNotLeakCredentials(t *testing.T) {
	var other recorder
	target := httptest.NewServer(other.handler(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer target.Close()
	// The same server under another host name: another origin and another
	// cookie jar entry for a browser.
	elsewhere := strings.Replace(target.URL, "127.0.0.1", "localhost", 1)
	var first recorder
	srv := httptest.NewServer(first.handler(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere+"/landing", http.StatusFound)
	}))
	defer srv.Close()

	code, rep, stderr := runJSON(t, "check", srv.URL+"/api", "--origin", page, "--credentials",
		"--cookie", "session=SECRET-COOKIE", "-H", "Authorization: Bearer SECRET-TOKEN")
	if code == exitUsage {
		t.Fatalf("exit %d: %s %+v", code, stderr, rep)
	}
	if len(first.headers()) == 0 || first.headers()[len(first.headers())-1].Get("Cookie") != "session=SECRET-COOKIE" {
		t.Fatalf("the first host did not get the cookie: %v", first.headers())
	}
	t.Logf("%+v\n%v", rep, other.headers())
	for _, h := range other.headers() {
		if h.Get("Cookie") != "" || h.Get("Authorization") != "" {
			t.Errorf("the redirect target received credentials: Cookie %q Authorization %q", h.Get("Cookie"), h.Get("Authorization"))
		}
	}
	if len(other.headers()) == 0 {
		t.Fatalf("the redirect was not followed: %+v", rep)
	}
}

func TestCheckLocationPasswordNotPrinted(t *testing.T) {
	var rec recorder
	srv := httptest.NewServer(rec.handler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://user:hunter2@other.example/")
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	for _, json := range []bool{false, true} {
		args := []string{"check", srv.URL + "/api", "--origin", page}
		if json {
			args = append(args, "--json")
		}
		var out, errOut strings.Builder
		run(t.Context(), args, nil, &out, &errOut)
		if strings.Contains(out.String()+errOut.String(), "hunter2") {
			t.Errorf("json=%v: the output shows the Location's password:\n%s%s", json, out.String(), errOut.String())
		}
	}
}

// fetch() throws a TypeError for a URL with credentials (new Request does);
// check must not send them (Go's client would turn them into Basic auth)
// nor print them.
func TestCheckRefusesURLWithCredentials(t *testing.T) {
	var rec recorder
	srv := httptest.NewServer(rec.handler(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	u := strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1)
	var out, errOut strings.Builder
	code := run(t.Context(), []string{"check", u + "/api", "--origin", page}, nil, &out, &errOut)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if len(rec.headers()) != 0 {
		t.Errorf("check sent %d requests", len(rec.headers()))
	}
	if strings.Contains(out.String()+errOut.String(), "hunter2") {
		t.Errorf("the output shows the password:\n%s%s", out.String(), errOut.String())
	}
}

// Headers.append throws a TypeError for a value with CR, LF or NUL and for
// a name that is not a token: check refuses them before sending anything.
func TestCheckRefusesInvalidHeaders(t *testing.T) {
	var rec recorder
	srv := httptest.NewServer(rec.handler(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, h := range []string{
		"X-A: b\r\nX-Injected: 1",
		"X-A: b\nX-Injected: 1",
		"X-A: b\x00c",
		"X(A): b",
		"X-A\r\nX-B: b",
		"X-\u00e9: b",
	} {
		var out, errOut strings.Builder
		code := run(t.Context(), []string{"check", srv.URL + "/api", "--origin", page, "-X", "PUT", "-H", h}, nil, &out, &errOut)
		if code != exitUsage || !strings.Contains(errOut.String(), "--header") {
			t.Errorf("%q: exit %d, stderr %q; want a usage error naming --header", h, code, errOut.String())
		}
	}
	if n := len(rec.headers()); n != 0 {
		t.Errorf("check sent %d requests with invalid headers", n)
	}
}

// A server that never finishes its body, or its headers, cannot hold check
// past --timeout; an endless fast body is read only up to maxBody. Each is
// a network error (exit 2) or an answer, never a hang. (A body cut by
// the timeout still gives the verdict its headers gave: fetch() resolves
// on the headers.)
func TestCheckBoundedByTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		switch r.URL.Path {
		case "/slow-headers":
			<-r.Context().Done()
			return
		case "/slow-body":
			w.WriteHeader(http.StatusOK)
			for r.Context().Err() == nil {
				_, _ = w.Write([]byte("x"))
				w.(http.Flusher).Flush()
				time.Sleep(10 * time.Millisecond)
			}
		case "/endless":
			w.WriteHeader(http.StatusOK)
			buf := make([]byte, 64<<10)
			for r.Context().Err() == nil {
				if _, err := w.Write(buf); err != nil {
					return
				}
			}
		}
	}))
	defer srv.Close()
	for path, want := range map[string]int{"/slow-headers": exitUsage, "/slow-body": exitOK, "/endless": exitOK} {
		done := make(chan int, 1)
		go func() {
			var out, errOut strings.Builder
			done <- run(t.Context(), []string{"check", srv.URL + path, "--origin", page, "--timeout", "300ms"}, nil, &out, &errOut)
		}()
		select {
		case code := <-done:
			if code != want {
				t.Errorf("%s: exit %d, want %d", path, code, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: check still running long after its 300ms timeout", path)
		}
	}
}

// validate prints the keys of a hostile file without their control
// characters.
func TestValidateKeysWithControlCharacters(t *testing.T) {
	file := t.TempDir() + "/cors.json"
	if err := os.WriteFile(file, []byte(`{"CORS_\u001b[2J\u001b]0;pwned\u0007": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	code := run(t.Context(), []string{"validate", "--config", file}, nil, &out, &errOut)
	if code != exitRefused || strings.ContainsAny(out.String()+errOut.String(), "\x1b\x07") {
		t.Errorf("exit %d, output %q %q: want exit 1 and no control characters", code, out.String(), errOut.String())
	}
}

// A same-origin redirect to a URL with a password is followed (CORS does
// not apply), but the report does not print the password; a redirect loop
// ends after 20 hops with exit 2.
func TestCheckSameOriginRedirectAndLoop(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/in":
			http.Redirect(w, r, strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1)+"/out", http.StatusFound)
		case "/loop":
			w.Header().Set("Access-Control-Allow-Origin", "*")
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	var out, errOut strings.Builder
	run(t.Context(), []string{"check", srv.URL + "/in", "--origin", srv.URL, "--json"}, nil, &out, &errOut)
	if strings.Contains(out.String()+errOut.String(), "hunter2") {
		t.Errorf("the output shows the password:\n%s%s", out.String(), errOut.String())
	}
	code, rep, _ := runJSON(t, "check", srv.URL+"/loop", "--origin", page)
	if code != exitUsage || !strings.Contains(rep.Verdict.Error, "more than 20 redirects") || len(rep.Steps) > 21 {
		t.Errorf("loop: exit %d, error %q, %d steps", code, rep.Verdict.Error, len(rep.Steps))
	}
}
