package browsercheck

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeMethod(t *testing.T) {
	for in, want := range map[string]string{
		"": "GET", "get": "GET", "Post": "POST", "delete": "DELETE", "options": "OPTIONS",
		"put": "PUT", "head": "HEAD", "patch": "patch", "PATCH": "PATCH", "Purge": "Purge",
	} {
		if got := NormalizeMethod(in); got != want {
			t.Errorf("NormalizeMethod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafelistedAndForbiddenMethods(t *testing.T) {
	for m, want := range map[string]bool{"GET": true, "HEAD": true, "POST": true, "get": false, "PUT": false, "OPTIONS": false, "": false} {
		if got := IsSafelistedMethod(m); got != want {
			t.Errorf("IsSafelistedMethod(%q) = %v", m, got)
		}
	}
	for m, want := range map[string]bool{"CONNECT": true, "trace": true, "Track": true, "GET": false, "PURGE": false} {
		if got := IsForbiddenMethod(m); got != want {
			t.Errorf("IsForbiddenMethod(%q) = %v", m, got)
		}
	}
}

func TestIsForbiddenRequestHeader(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"Cookie", "a=b", true},
		{"origin", "https://x", true},
		{"Sec-Fetch-Mode", "cors", true},
		{"Proxy-Authorization", "x", true},
		{"Access-Control-Request-Headers", "x", true},
		{"X-HTTP-Method-Override", "GET, TRACE", true},
		{"X-HTTP-Method-Override", "PUT", false},
		{"Authorization", "Bearer x", false},
		{"X-Custom", "1", false},
	} {
		if got := IsForbiddenRequestHeader(c.name, c.value); got != c.want {
			t.Errorf("IsForbiddenRequestHeader(%q, %q) = %v", c.name, c.value, got)
		}
	}
}

func TestIsSafelistedRequestHeader(t *testing.T) {
	long := strings.Repeat("a", 129)
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"Accept", "*/*", true},
		{"accept", "application/json, text/plain", true},
		{"Accept", strings.Repeat("a", 128), true},
		{"Accept", long, false},
		{"Accept", "text/html; q=\"1\"", false}, // '"' is unsafe
		{"Accept", "a{b", false},
		{"Accept", "a\x01b", false},
		{"Accept", "a\tb", true},
		{"Accept-Language", "en-US,en;q=0.9", true},
		{"Accept-Language", "en_US", false},
		{"Content-Language", "de-DE", true},
		{"Content-Language", "de/DE", false},
		{"Content-Type", "text/plain", true},
		{"Content-Type", "text/plain;charset=UTF-8", true},
		{"Content-Type", "Text/Plain; charset=utf-8", true},
		{"Content-Type", "application/x-www-form-urlencoded", true},
		{"Content-Type", "multipart/form-data; boundary=x", true},
		{"Content-Type", "application/json", false},
		{"Content-Type", "text/plain; charset=\"utf-8\"", false}, // '"' is unsafe
		{"Content-Type", "text", false},
		{"Content-Type", "text/plain/x", false},
		{"Content-Type", "text/plain;" + long, false},
		{"Range", "bytes=0-", true},
		{"Range", "bytes=0-499", true},
		{"Range", "bytes=500-499", false},
		{"Range", "bytes=-500", false}, // a suffix range has no start
		{"Range", "bytes=0-1,2-3", false},
		{"Range", "bytes = 0-1", false},
		{"Range", "items=0-1", false},
		{"Range", "bytes=00010-9", false},
		{"Range", "bytes=0009-10", true},
		{"X-Requested-With", "XMLHttpRequest", false},
		{"Authorization", "Bearer x", false},
		{"Content-Encoding", "gzip", false},
	} {
		if got := IsSafelistedRequestHeader(c.name, c.value); got != c.want {
			t.Errorf("IsSafelistedRequestHeader(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

func TestUnsafeHeaderNames(t *testing.T) {
	h := http.Header{}
	h.Set("X-Requested-With", "a")
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "*/*")
	h.Set("Cookie", "dropped=by-the-browser")
	h["x-lower"] = []string{"1"}
	got := UnsafeHeaderNames(h)
	want := []string{"content-type", "x-lower", "x-requested-with"}
	if !slices.Equal(got, want) {
		t.Errorf("UnsafeHeaderNames = %q, want %q", got, want)
	}
	if got := UnsafeHeaderNames(http.Header{"Accept": {"*/*"}, "Content-Type": {"text/plain"}}); len(got) != 0 {
		t.Errorf("safelisted headers reported unsafe: %q", got)
	}

}

func TestUnsafeHeaderNamesTotalLimit(t *testing.T) {
	// Each appended value is one entry, checked on its own against the
	// 128-byte limit; their sum against 1024.
	h := http.Header{"X-Extra": {"1"}}
	for range 8 {
		h.Add("Accept", strings.Repeat("a", 128))
	}
	if got := UnsafeHeaderNames(h); !slices.Equal(got, []string{"x-extra"}) {
		t.Errorf("1024 bytes of safelisted values: %q, want only x-extra", got)
	}
	h.Add("Content-Type", "text/plain")
	if got := UnsafeHeaderNames(h); !slices.Equal(got, []string{"accept", "content-type", "x-extra"}) {
		t.Errorf("1034 bytes of safelisted values: %q, want every name", got)
	}
}

func TestNeedsPreflight(t *testing.T) {
	for _, c := range []struct {
		method string
		header http.Header
		want   bool
		acrh   string
	}{
		{"", nil, false, ""},
		{"get", nil, false, ""},
		{"post", http.Header{"Content-Type": {"text/plain;charset=UTF-8"}}, false, ""},
		{"POST", http.Header{"Content-Type": {"application/json"}}, true, "content-type"},
		{"PUT", nil, true, ""},
		{"patch", nil, true, ""},
		{"GET", http.Header{"Authorization": {"Bearer t"}}, true, "authorization"},
		{"GET", http.Header{"Cookie": {"a=b"}, "Origin": {"https://evil"}}, false, ""},
		{"GET", http.Header{"Range": {"bytes=0-99"}}, false, ""},
		{"GET", http.Header{"Range": {"bytes=-99"}}, true, "range"},
		{"GET", http.Header{"X-B": {"1"}, "X-A": {"2"}}, true, "x-a,x-b"},
	} {
		r := Request{Method: c.method, Header: c.header}
		if got := r.NeedsPreflight(); got != c.want {
			t.Errorf("%s %v: NeedsPreflight = %v, want %v", c.method, c.header, got, c.want)
		}
		if got := r.Preflight().RequestHeaders(); got != c.acrh {
			t.Errorf("%s %v: Access-Control-Request-Headers %q, want %q", c.method, c.header, got, c.acrh)
		}
	}
	p := (&Request{Method: "delete", Origin: "https://a.example", Credentials: true}).Preflight()
	if p.Method != "DELETE" || p.Origin != "https://a.example" || !p.Credentials {
		t.Errorf("Preflight() = %+v", p)
	}
}
