package corstest

import (
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// A Case is one request to a server configured with Config, and what its
// response must be.
type Case struct {
	Name   string
	Config core.Config
	// Hooks are appended to Config.CheckRequest as data, so that the runner
	// can count their calls.
	Hooks []Hook

	Request Request

	// Kind is what the policy must classify the request as. NotCORS and
	// Actual requests reach the application; preflights do not.
	Kind core.Kind
	// Status is the response's status. Zero means the default for Kind:
	// AppStatus (or 200) when the application answers, the configured
	// PreflightStatus (or 204) for an accepted preflight, 403 for a
	// rejected one.
	Status int
	// Header holds the exact value of every Access-Control-* and Vary
	// header of the response, several lines joined with ", ". Any such
	// header not listed must be absent.
	Header map[string]string

	// AppStatus is the status the application answers with; zero means 200.
	AppStatus int
	// AppVary is added to Vary by the application, after the middleware ran.
	AppVary string
	// OuterVary is set as Vary by a middleware in front of the adapter,
	// before it runs.
	OuterVary string

	// Rewrite is how the handlers around the middleware write the CORS
	// headers' values in place during the case's request, once the answer
	// is written (the header map stays writable): the application, and a
	// middleware in front of the adapter once the adapter has returned,
	// which reaches a preflight's answer too. Header is what the response
	// carries as written; Then says what later responses carry.
	Rewrite Rewrite
	// Then are requests sent to the same server after the case's own, one
	// after the other, with no rewriting, each with what its response must
	// be: what the handlers did to an earlier response must not show. The
	// application answers them as it answers the case's request; each
	// Hook's Calls counts the calls of every request.
	Then []Followup
}

// Rewrite is a way handlers write a header's value in place, as much code
// does instead of calling http.Header.Set: into the slice the header map
// holds.
type Rewrite uint8

const (
	// NoRewrite leaves the headers alone.
	NoRewrite Rewrite = iota
	// RewriteIndex writes each CORS header's first line: h[name][0] = v.
	RewriteIndex
	// RewriteAppend reuses each CORS header's slice:
	// h[name] = append(h[name][:0], v).
	RewriteAppend
)

// Rewritten is the value a Rewrite writes.
const Rewritten = "rewritten"

// Apply writes Rewritten in place, as rw says, into every Vary and
// Access-Control-* header of h.
func (rw Rewrite) Apply(h http.Header) {
	for name, v := range h {
		if len(v) == 0 || (name != "Vary" && !strings.HasPrefix(name, "Access-Control-")) {
			continue
		}
		switch rw {
		case RewriteIndex:
			v[0] = Rewritten
		case RewriteAppend:
			h[name] = append(v[:0], Rewritten)
		}
	}
}

// A Followup is a request a Case sends after its own (Case.Then), and what
// its response must be, as for a Case: Kind, Status (zero means Kind's
// default) and the exact Access-Control-* and Vary headers.
type Followup struct {
	Request Request
	Kind    core.Kind
	Status  int
	Header  map[string]string
}

// followup is c with f's request and expectations, to check f's exchange
// as a case's.
func (c *Case) followup(f Followup) Case {
	n := *c
	n.Request, n.Kind, n.Status, n.Header = f.Request, f.Kind, f.Status, f.Header
	n.Rewrite, n.Then = NoRewrite, nil
	return n
}

// Request describes the request a Case sends.
type Request struct {
	Method string // "" means GET
	Path   string // "" means "/api/resource"
	// Header lists header lines in order; a name may repeat.
	Header [][2]string
}

// Hook is a CheckRequest hook described as data.
type Hook struct {
	// PathPrefix: the hook returns true for paths with this prefix, and
	// false for others. "" with Result true returns true for every path.
	PathPrefix string
	Result     bool
	// Calls is how many times the hook must have been called.
	Calls int
}

// Answer is what the hook returns for r.
func (h Hook) Answer(r *http.Request) bool {
	if h.PathPrefix != "" {
		return strings.HasPrefix(r.URL.Path, h.PathPrefix)
	}
	return h.Result
}

// NextRuns reports whether the application handler must run for c.
func (c *Case) NextRuns() bool { return c.Kind == core.NotCORS || c.Kind == core.Actual }

// WantStatus is the status c's response must have.
func (c *Case) WantStatus() int {
	switch {
	case c.Status != 0:
		return c.Status
	case c.Kind == core.PreflightAccepted && c.Config.PreflightStatus != 0:
		return c.Config.PreflightStatus
	case c.Kind == core.PreflightAccepted:
		return http.StatusNoContent
	case c.Kind == core.PreflightRejected:
		return http.StatusForbidden
	case c.AppStatus != 0:
		return c.AppStatus
	}
	return http.StatusOK
}

// HTTPRequest builds c's request.
func (c *Case) HTTPRequest() *http.Request {
	method, path := c.Request.Method, c.Request.Path
	if method == "" {
		method = http.MethodGet
	}
	if path == "" {
		path = "/api/resource"
	}
	r, err := http.NewRequest(method, "http://api.example.test"+path, nil)
	if err != nil {
		panic("corstest: case " + c.Name + ": " + err.Error())
	}
	for _, kv := range c.Request.Header {
		r.Header.Add(kv[0], kv[1])
	}
	return r
}
