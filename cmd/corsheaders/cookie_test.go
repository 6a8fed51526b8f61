package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// checkWith runs check's fetch() of target with --credentials and
// --cookie through client, which trusts the test servers' certificates.
func checkWith(t *testing.T, client *http.Client, target string) *report {
	t.Helper()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	c := checker{cookie: "session=SECRET-COOKIE", client: client}
	return c.check(t.Context(), u, page, http.MethodGet, http.Header{}, true)
}

// cookies lists, per request received (preflights aside), whether it
// carried the cookie.
func cookies(rec *recorder) []bool {
	var out []bool
	for _, h := range rec.headers() {
		if h.Get("Access-Control-Request-Method") == "" {
			out = append(out, h.Get("Cookie") == "session=SECRET-COOKIE")
		}
	}
	return out
}

func redirectTo(to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) }
}

func okBody(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }

// A cookie given for an https URL is never sent over http: a browser does
// not send a Secure cookie in clear text, even to the same host. The
// redirect step says so; an https hop after it gets the cookie again.
func TestCheckCookieNotSentOverHTTPAfterHTTPS(t *testing.T) {
	var plain, secure recorder
	plainSrv := httptest.NewServer(plain.handler(okBody))
	defer plainSrv.Close()
	tlsSrv := httptest.NewTLSServer(secure.handler(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			redirectTo(plainSrv.URL+"/landing")(w, r)
		case "/down-up":
			redirectTo(plainSrv.URL+"/up")(w, r)
		default:
			okBody(w, r)
		}
	}))
	defer tlsSrv.Close()
	mux := http.NewServeMux()
	mux.Handle("/up", plain.handler(redirectTo(tlsSrv.URL+"/back")))
	mux.Handle("/", plain.handler(okBody))
	plainSrv.Config.Handler = mux

	rep := checkWith(t, tlsSrv.Client(), tlsSrv.URL+"/down")
	if rep.Verdict.Error != "" || len(rep.Steps) != 2 {
		t.Fatalf("verdict %+v, %d steps", rep.Verdict, len(rep.Steps))
	}
	if got := cookies(&secure); len(got) != 1 || !got[0] {
		t.Errorf("the https URL's requests carried the cookie: %v, want [true]", got)
	}
	if got := cookies(&plain); len(got) != 1 || got[0] {
		t.Errorf("the http hop's requests carried the cookie: %v, want [false]", got)
	}
	if d := rep.Steps[0].Checks[len(rep.Steps[0].Checks)-1].Detail; !strings.Contains(d, "does not send --cookie") || !strings.Contains(d, "over http") {
		t.Errorf("the redirect step does not say the cookie is dropped: %q", d)
	}
	if s := rep.Steps[1].Sent; s.Get("Cookie") != "" {
		t.Errorf("the http step shows a Cookie sent: %v", s)
	}

	// https → http → https: the cookie again on the last hop.
	secure.got, plain.got = nil, nil
	rep = checkWith(t, tlsSrv.Client(), tlsSrv.URL+"/down-up")
	if rep.Verdict.Error != "" || len(rep.Steps) != 3 {
		t.Fatalf("verdict %+v, %d steps", rep.Verdict, len(rep.Steps))
	}
	if got, want := cookies(&secure), []bool{true, true}; !slices.Equal(got, want) {
		t.Errorf("https requests carried the cookie %v, want %v", got, want)
	}
	if got := cookies(&plain); len(got) != 1 || got[0] {
		t.Errorf("the http hop carried the cookie: %v", got)
	}
}

// The near variants: https → https on the same host (another port) keeps
// the cookie, as browsers scope cookies by host; a first URL over http
// keeps sending it on that host (http → http, http → https); another host
// never gets it, over https either.
func TestCheckCookieScope(t *testing.T) {
	var a, b recorder
	srvB := httptest.NewTLSServer(b.handler(okBody))
	defer srvB.Close()
	srvA := httptest.NewTLSServer(a.handler(redirectTo(srvB.URL + "/landing")))
	defer srvA.Close()
	rep := checkWith(t, srvA.Client(), srvA.URL+"/start")
	if got := append(cookies(&a), cookies(&b)...); rep.Verdict.Error != "" || !slices.Equal(got, []bool{true, true}) {
		t.Errorf("https → https, same host: cookie sent %v, want [true true] (%+v)", got, rep.Verdict)
	}

	// Other host names for the same servers, both in the test
	// certificate: no cookie on the second.
	a.got, b.got = nil, nil
	srvA.Config.Handler = a.handler(redirectTo(strings.Replace(srvB.URL, "127.0.0.1", "b.example.com", 1) + "/landing"))
	client := srvA.Client()
	tr := client.Transport.(*http.Transport)
	dial := tr.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		_, port, _ := net.SplitHostPort(addr)
		return dial(ctx, network, net.JoinHostPort("127.0.0.1", port))
	}
	rep = checkWith(t, client, strings.Replace(srvA.URL, "127.0.0.1", "a.example.com", 1)+"/start")
	if got := append(cookies(&a), cookies(&b)...); rep.Verdict.Error != "" || !slices.Equal(got, []bool{true, false}) {
		t.Errorf("https → https, other host: cookie sent %v, want [true false] (%+v)", got, rep.Verdict)
	}

	var p, q recorder
	srvQ := httptest.NewTLSServer(q.handler(okBody))
	defer srvQ.Close()
	plainQ := httptest.NewServer(q.handler(okBody))
	defer plainQ.Close()
	for _, to := range []string{plainQ.URL, srvQ.URL} {
		p.got, q.got = nil, nil
		srvP := httptest.NewServer(p.handler(redirectTo(to + "/landing")))
		rep = checkWith(t, srvQ.Client(), srvP.URL+"/start")
		srvP.Close()
		if got := append(cookies(&p), cookies(&q)...); rep.Verdict.Error != "" || !slices.Equal(got, []bool{true, true}) {
			t.Errorf("http → %s, same host: cookie sent %v, want [true true] (%+v)", to, got, rep.Verdict)
		}
	}
}
