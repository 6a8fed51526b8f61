package caddyadapter_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/caddyadapter"
)

// generationOrigin is the one origin the configuration of generation g
// allows.
func generationOrigin(g int64) string { return "https://v" + strconv.FormatInt(g, 10) + ".example.com" }

// TestReloadThroughTheAdminAPI: while clients send requests without a
// pause, slow ones among them, the configuration is replaced through
// Caddy's admin API (POST /load, what `caddy reload` does) with a new
// origin list, several times. No request fails, every answer is the
// policy's in force when it was sent (or, while a reload is under way, the
// next one's), requests in flight finish with the policy they started
// with, and the last list is in force afterwards. A reload with an
// invalid configuration is refused, the policy in force kept.
func TestReloadThroughTheAdminAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("reloads Caddy several times under load")
	}
	ports := freePorts(t, 2)
	port, adminPort := ports[0], ports[1]
	entered, release := make(chan struct{}), make(chan struct{})
	app := serveApp(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hold" {
			close(entered)
			<-release
		}
		if r.URL.Path == "/slow" {
			time.Sleep(30 * time.Millisecond)
		}
		_, _ = w.Write([]byte("application"))
	}))
	config := func(g int64) []byte {
		h := &caddyadapter.Handler{Settings: caddyadapter.Settings{AllowedOrigins: []string{generationOrigin(g)}, AllowCredentials: true}}
		return caddyConfig(t, port, adminPort, corsJSON(t, h), app)
	}
	load(t, config(0))
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	admin := "http://127.0.0.1:" + strconv.Itoa(adminPort) + "/load"

	var (
		gen       atomic.Int64 // the generation whose POST /load returned last
		reloading atomic.Bool  // a POST /load is under way
		stop      atomic.Bool
		sent      atomic.Int64
		dropped   atomic.Int64 // closed unanswered during a reload, sent again
		mu        sync.Mutex
		wrong     []string
	)
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(wrong) < 20 {
			wrong = append(wrong, fmt.Sprintf(format, args...))
		}
	}
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for worker := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				g, during := gen.Load(), reloading.Load()
				origin := generationOrigin(g)
				path := "/items"
				if (i+worker)%5 == 0 {
					path = "/slow"
				}
				req, _ := http.NewRequest(http.MethodGet, base+path, nil)
				preflight := i%2 == 1
				if preflight {
					req.Method = http.MethodOptions
					req.Header.Set("Access-Control-Request-Method", "PUT")
				}
				req.Header.Set("Origin", origin)
				res, err := client.Do(req)
				sent.Add(1)
				if err != nil && (during || reloading.Load() || gen.Load() != g) {
					// Caddy replaces its listener on a reload: a
					// connection the old one accepted and never served
					// is closed without an answer, and a client sends
					// such a request again. Only an answer can be wrong.
					dropped.Add(1)
					res, err = client.Do(req)
				}
				if err != nil {
					report("%s %s from %s: %v", req.Method, path, origin, err)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				granted := res.Header.Get("Access-Control-Allow-Origin") == origin && res.Header.Get("Access-Control-Allow-Credentials") == "true"
				if preflight && granted != (res.StatusCode == http.StatusNoContent) || !preflight && res.StatusCode != http.StatusOK {
					report("%s %s from %s: status %d with granted %t", req.Method, path, origin, res.StatusCode, granted)
				}
				// Refused is right only if the next generation may
				// have been in force: a reload was under way when
				// the request was sent or has been since.
				if !granted && !during && !reloading.Load() && gen.Load() == g {
					report("%s %s from %s (generation %d) refused with no reload under way", req.Method, path, origin, g)
				}
			}
		}()
	}

	post := func(cfg []byte) (int, string) {
		res, err := client.Post(admin, "application/json", bytes.NewReader(cfg))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	// A request in the application while the configuration is
	// replaced finishes, with the answer of the policy it started with.
	held := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+"/hold", nil)
		req.Header.Set("Origin", generationOrigin(0))
		res, err := client.Do(req)
		if err != nil {
			report("the request held during a reload: %v", err)
			close(held)
			return
		}
		res.Body.Close()
		held <- res
	}()
	<-entered

	const reloads = 6
	for g := int64(1); g <= reloads; g++ {
		time.Sleep(60 * time.Millisecond)
		reloading.Store(true)
		if status, body := post(config(g)); status != http.StatusOK {
			t.Fatalf("POST /load of generation %d: %d %s", g, status, body)
		}
		gen.Store(g)
		reloading.Store(false)
		if g == 1 {
			close(release)
			if res := <-held; res != nil && (res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != generationOrigin(0)) {
				t.Errorf("the request held during the reload: status %d, Access-Control-Allow-Origin %q, want 200 and %q",
					res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), generationOrigin(0))
			}
		}
	}
	// An invalid configuration is refused, and the last one stays.
	bad := &caddyadapter.Handler{Settings: caddyadapter.Settings{AllowedOrigins: []string{generationOrigin(99) + "/"}}}
	reloading.Store(true)
	if status, body := post(caddyConfig(t, port, adminPort, corsJSON(t, bad), app)); status == http.StatusOK || !bytes.Contains([]byte(body), []byte(`allowed_origins \"https://v99.example.com/\": an origin has no trailing slash`)) {
		t.Errorf("POST /load of an invalid configuration: %d %s", status, body)
	}
	reloading.Store(false)
	time.Sleep(60 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	for _, w := range wrong {
		t.Error(w)
	}
	if n := sent.Load(); n < 50 {
		t.Errorf("only %d requests sent during the reloads", n)
	}
	t.Logf("%d requests during %d reloads; %d closed unanswered by a reload and sent again", sent.Load(), reloads, dropped.Load())
	for g, want := range map[int64]bool{reloads: true, reloads - 1: false, 99: false} {
		req, _ := http.NewRequest(http.MethodGet, base+"/items", nil)
		req.Header.Set("Origin", generationOrigin(g))
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin") != ""; got != want {
			t.Errorf("after the reloads, %s granted: %t, want %t", generationOrigin(g), got, want)
		}
	}
}
