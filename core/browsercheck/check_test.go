package browsercheck

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

const origin = "https://app.example.com"

// hdr builds a header from name, value pairs; a name given twice is sent
// on two lines.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func reasonOf(t *testing.T, err error) Reason {
	t.Helper()
	if err == nil {
		return 0
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	return e.Reason
}

func TestCheckCORS(t *testing.T) {
	for _, c := range []struct {
		name  string
		creds bool
		h     http.Header
		want  Reason
	}{
		{"origin echoed", false, hdr("Access-Control-Allow-Origin", origin), 0},
		{"star", false, hdr("Access-Control-Allow-Origin", "*"), 0},
		{"missing", false, hdr(), MissingAllowOrigin},
		{"empty", false, hdr("Access-Control-Allow-Origin", ""), InvalidAllowOrigin},
		{"other origin", false, hdr("Access-Control-Allow-Origin", "https://other.example.com"), AllowOriginMismatch},
		{"trailing slash", false, hdr("Access-Control-Allow-Origin", origin+"/"), AllowOriginMismatch},
		{"upper case", false, hdr("Access-Control-Allow-Origin", "https://APP.example.com"), AllowOriginMismatch},
		{"default port", false, hdr("Access-Control-Allow-Origin", origin+":443"), AllowOriginMismatch},
		{"list", false, hdr("Access-Control-Allow-Origin", origin+", https://b.example.com"), MultipleAllowOrigin},
		{"space-separated", false, hdr("Access-Control-Allow-Origin", origin+" https://b.example.com"), MultipleAllowOrigin},
		{"two lines, same value", false, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Origin", origin), MultipleAllowOrigin},
		{"two lines, star twice", false, hdr("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Origin", "*"), MultipleAllowOrigin},
		{"not an origin", false, hdr("Access-Control-Allow-Origin", "app.example.com"), InvalidAllowOrigin},
		{"null for a real origin", false, hdr("Access-Control-Allow-Origin", "null"), InvalidAllowOrigin},
		{"credentials granted", true, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "true"), 0},
		{"credentials with star", true, hdr("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"), WildcardOriginWithCredentials},
		{"credentials missing", true, hdr("Access-Control-Allow-Origin", origin), InvalidAllowCredentials},
		{"credentials True", true, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "True"), InvalidAllowCredentials},
		{"credentials twice", true, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Credentials", "true"), InvalidAllowCredentials},
		{"credentials header without credentials", false, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "false"), 0},
	} {
		if got := reasonOf(t, CheckCORS(origin, c.creds, c.h)); got != c.want {
			t.Errorf("%s: reason %v, want %v", c.name, got, c.want)
		}
	}

	// The null origin is matched as a string, like any other.
	if err := CheckCORS("null", false, hdr("Access-Control-Allow-Origin", "null")); err != nil {
		t.Errorf("null for null: %v", err)
	}
	if got := reasonOf(t, CheckCORS("null", false, hdr("Access-Control-Allow-Origin", origin))); got != AllowOriginMismatch {
		t.Errorf("an origin for null: %v", got)
	}
}

func TestPreflightCheck(t *testing.T) {
	granted := func(kv ...string) http.Header {
		return hdr(append([]string{"Access-Control-Allow-Origin", origin}, kv...)...)
	}
	for _, c := range []struct {
		name    string
		method  string
		headers []string
		creds   bool
		status  int
		h       http.Header
		want    Reason
	}{
		{"PUT listed", "PUT", nil, false, 204, granted("Access-Control-Allow-Methods", "GET, PUT"), 0},
		{"PUT listed on two lines", "PUT", nil, false, 200, granted("Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Methods", "PUT"), 0},
		{"PUT not listed", "PUT", nil, false, 204, granted("Access-Control-Allow-Methods", "GET, POST"), MethodNotAllowed},
		{"PUT without Allow-Methods", "PUT", nil, false, 200, granted(), MethodNotAllowed},
		{"POST needs no listing", "POST", []string{"content-type"}, false, 200, granted("Access-Control-Allow-Headers", "Content-Type"), 0},
		{"methods are case-sensitive", "patch", nil, false, 204, granted("Access-Control-Allow-Methods", "PATCH"), MethodNotAllowed},
		{"star method", "PURGE", nil, false, 204, granted("Access-Control-Allow-Methods", "*"), 0},
		{"star method with credentials", "PURGE", nil, true, 204, granted("Access-Control-Allow-Methods", "*", "Access-Control-Allow-Credentials", "true"), MethodNotAllowed},
		{"header listed in another case", "GET", []string{"x-custom"}, false, 204, granted("Access-Control-Allow-Headers", "X-Custom"), 0},
		{"header not listed", "GET", []string{"x-custom", "x-other"}, false, 204, granted("Access-Control-Allow-Headers", "x-custom"), HeaderNotAllowed},
		{"star header", "GET", []string{"x-custom"}, false, 204, granted("Access-Control-Allow-Headers", "*"), 0},
		{"star header never covers authorization", "GET", []string{"authorization"}, false, 204, granted("Access-Control-Allow-Headers", "*"), HeaderNotAllowed},
		{"authorization listed beside star", "GET", []string{"authorization", "x-custom"}, false, 204, granted("Access-Control-Allow-Headers", "*, Authorization"), 0},
		{"star header with credentials", "GET", []string{"x-custom"}, true, 204, granted("Access-Control-Allow-Headers", "*", "Access-Control-Allow-Credentials", "true"), HeaderNotAllowed},
		{"status 403", "PUT", nil, false, 403, granted("Access-Control-Allow-Methods", "PUT"), PreflightStatus},
		{"status 404 without CORS headers", "PUT", nil, false, 404, hdr(), MissingAllowOrigin},
		{"status 200 but no CORS headers", "PUT", nil, false, 200, hdr("Allow", "GET, PUT"), MissingAllowOrigin},
		{"redirect", "PUT", nil, false, 301, granted("Location", "https://api.example.com/x/"), PreflightRedirect},
		{"credentials without Allow-Credentials", "PUT", nil, true, 204, granted("Access-Control-Allow-Methods", "PUT"), InvalidAllowCredentials},
		{"unparsable methods", "PUT", nil, false, 204, granted("Access-Control-Allow-Methods", "PUT; GET"), InvalidAllowMethods},
		{"unparsable headers", "GET", []string{"x-a"}, false, 204, granted("Access-Control-Allow-Headers", "x-a, x b"), InvalidAllowHeaders},
		{"empty list elements are skipped", "PUT", []string{"x-a"}, false, 204, granted("Access-Control-Allow-Methods", ",PUT,,", "Access-Control-Allow-Headers", " , x-a"), 0},
	} {
		p := Preflight{URL: "https://api.example.com/x", Origin: origin, Method: c.method, Headers: c.headers, Credentials: c.creds}
		err := p.Check(c.status, c.h)
		if got := reasonOf(t, err); got != c.want {
			t.Errorf("%s: reason %v, want %v (%v)", c.name, got, c.want, err)
			continue
		}
		if err != nil && !err.(*Error).Preflight {
			t.Errorf("%s: Preflight is false", c.name)
		}
	}
}

func TestConsoleMessages(t *testing.T) {
	const url = "https://api.example.com/items"
	prefix := "Access to fetch at '" + url + "' from origin '" + origin + "' has been blocked by CORS policy: "
	pre := Preflight{URL: url, Origin: origin, Method: "PUT", Headers: []string{"x-custom"}}
	for _, c := range []struct {
		err  error
		want string
	}{
		{withURL(CheckCORS(origin, false, hdr()), url),
			"No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."},
		{withURL(CheckCORS(origin, true, hdr("Access-Control-Allow-Origin", "*")), url),
			"The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
		{withURL(CheckCORS(origin, false, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Origin", origin)), url),
			"The 'Access-Control-Allow-Origin' header contains multiple values '" + origin + ", " + origin + "', but only one is allowed."},
		{withURL(CheckCORS(origin, false, hdr("Access-Control-Allow-Origin", "https://b.example.com")), url),
			"The 'Access-Control-Allow-Origin' header has a value 'https://b.example.com' that is not equal to the supplied origin."},
		{withURL(CheckCORS(origin, true, hdr("Access-Control-Allow-Origin", origin)), url),
			"The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."},
		{pre.Check(200, hdr()),
			"Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{pre.Check(401, hdr("Access-Control-Allow-Origin", origin)),
			"Response to preflight request doesn't pass access control check: It does not have HTTP ok status."},
		{pre.Check(204, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Methods", "GET")),
			"Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."},
		{pre.Check(204, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Methods", "PUT")),
			"Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response."},
		{pre.Check(307, hdr("Location", "/elsewhere")),
			"Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."},
	} {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Fatalf("want an *Error for %q, got %v", c.want, c.err)
		}
		if got := e.Console(); got != prefix+c.want {
			t.Errorf("Console() =\n%s\nwant\n%s", got, prefix+c.want)
		}
		if e.Fix() == "" {
			t.Errorf("%v: no fix", e.Reason)
		}
	}
}

func withURL(err error, url string) error {
	if e, ok := err.(*Error); ok {
		e.URL = url
	}
	return err
}

func TestFixes(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{CheckCORS(origin, false, hdr()), `"Access-Control-Allow-Origin: ` + origin + `"`},
		{CheckCORS(origin, false, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Origin", origin)), "let only one of them handle CORS"},
		{CheckCORS(origin, true, hdr("Access-Control-Allow-Origin", origin)), `"Access-Control-Allow-Credentials: true"`},
		{Preflight{Origin: origin, Method: "GET", Headers: []string{"authorization"}}.Check(204, hdr("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Headers", "*")), `"*" never covers Authorization`},
		{Preflight{Origin: origin, Method: "DELETE"}.Check(204, hdr("Access-Control-Allow-Origin", origin)), `list "DELETE" in Access-Control-Allow-Methods`},
	} {
		if fix := c.err.(*Error).Fix(); !strings.Contains(fix, c.want) {
			t.Errorf("%v: fix %q does not say %q", c.err, fix, c.want)
		}
	}
}

func TestExposed(t *testing.T) {
	h := hdr("Access-Control-Expose-Headers", "X-Total-Count, x-other")
	for _, c := range []struct {
		name  string
		creds bool
		h     http.Header
		want  bool
	}{
		{"Content-Type", false, hdr(), true},
		{"cache-control", false, hdr(), true},
		{"X-Total-Count", false, hdr(), false},
		{"x-total-count", false, h, true},
		{"X-Other", true, h, true},
		{"X-Request-Id", false, h, false},
		{"X-Request-Id", false, hdr("Access-Control-Expose-Headers", "*"), true},
		{"X-Request-Id", true, hdr("Access-Control-Expose-Headers", "*"), false},
		{"Set-Cookie", false, hdr("Access-Control-Expose-Headers", "*, Set-Cookie"), false},
		{"X-Total-Count", false, hdr("Access-Control-Expose-Headers", "X-Total-Count, {bad}"), false},
	} {
		if got := Exposed(c.name, c.creds, c.h); got != c.want {
			t.Errorf("Exposed(%q, creds %v, %v) = %v", c.name, c.creds, c.h, got)
		}
	}
}

func TestReasonString(t *testing.T) {
	if MissingAllowOrigin.String() != "MissingAllowOrigin" || HeaderNotAllowed.String() != "HeaderNotAllowed" || Reason(99).String() != "Reason(99)" {
		t.Error("Reason.String")
	}
}
