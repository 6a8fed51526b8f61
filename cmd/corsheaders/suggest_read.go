package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// The formats suggest reads, one record per line.
const (
	formatAuto   = "auto"   // each line's own format, recognised as below
	formatReport = "report" // report-only records (slog's JSON handler)
	formatCaddy  = "caddy"  // Caddy's JSON access log
	formatJSONL  = "jsonl"  // JSON lines with an "origin" field
	formatNginx  = "nginx"  // nginx combined + "$http_origin" ["$http_sec_fetch_site"]
	formatApache = "apache" // Apache combined + "%{Origin}i" ["%{Sec-Fetch-Site}i"]
)

var formats = []string{formatAuto, formatReport, formatCaddy, formatJSONL, formatNginx, formatApache}

// reportMessage is the message of a report-only record: a request on which
// the candidate policy answers otherwise than the enforced one.
const reportMessage = "corsheaders: report-only candidate answers otherwise"

// debugMessage is the DebugLogger's: it is not read, as it logs refusals
// only and cuts origins short.
const debugMessage = "corsheaders: CORS request not fully granted"

// maxLine bounds a line: longer ones are counted and skipped unread.
const maxLine = 64 << 10

// A record is what one line says about one request.
type record struct {
	// kind is what the line is: a request, or why it is skipped.
	kind    lineKind
	origins int // Origin values: 0 none, 1, or more
	origin  string
	// truncated says the writer cut the origin short: it cannot be
	// trusted to name the origin that was sent.
	truncated bool
	method    string
	path      string // as sent, still escaped, without the query; "" when unknown
	// rule is the Paths rule a report-only record names, for a record
	// whose path was redacted.
	rule string
	// secFetchSite is the Sec-Fetch-Site header, "" when unknown.
	secFetchSite string
	preflight    bool
	client       string // address and user agent, "" when unknown
	suppressed   uint64 // report-only records dropped before this one
}

type lineKind uint8

const (
	lineRequest    lineKind = iota
	lineOther               // a line of another kind (no request in it)
	lineUnreadable          // not in the format
	lineDebug               // a DebugLogger record: not read
)

// parseLine reads one line in format.
func parseLine(line []byte, format string) record {
	s := strings.TrimRight(string(line), "\r\n")
	trimmed := strings.TrimLeft(s, " \t")
	switch format {
	case formatAuto:
		if strings.HasPrefix(trimmed, "{") {
			return parseJSONLine(trimmed, format)
		}
		if strings.TrimSpace(trimmed) == "" {
			return record{kind: lineOther}
		}
		return parseCombined(s, formatApache)
	case formatReport, formatCaddy, formatJSONL:
		return parseJSONLine(trimmed, format)
	case formatNginx, formatApache:
		return parseCombined(s, format)
	}
	return record{kind: lineUnreadable}
}

// jsonLine holds the fields of every JSON format read. encoding/json
// matches keys case-insensitively, which no format here relies on.
type jsonLine struct {
	Msg             string         `json:"msg"`
	Origin          *string        `json:"origin"`
	OriginTruncated bool           `json:"origin_truncated"`
	Method          string         `json:"method"`
	Path            string         `json:"path"`
	Rule            string         `json:"rule"`
	URI             string         `json:"uri"`
	SecFetchSite    string         `json:"sec_fetch_site"`
	UserAgent       string         `json:"user_agent"`
	ClientIP        string         `json:"client_ip"`
	RemoteAddr      string         `json:"remote_addr"`
	Enforced        *recordVerdict `json:"enforced"`
	Suppressed      uint64         `json:"suppressed"`
	Request         *struct {
		Method   string              `json:"method"`
		URI      string              `json:"uri"`
		ClientIP string              `json:"client_ip"`
		RemoteIP string              `json:"remote_ip"`
		Headers  map[string][]string `json:"headers"`
	} `json:"request"`
}

type recordVerdict struct {
	Kind    string `json:"kind"`
	Reason  string `json:"reason"`
	Allowed bool   `json:"allowed"`
}

func parseJSONLine(s, format string) record {
	var j jsonLine
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return record{kind: lineUnreadable}
	}
	switch {
	case j.Msg == reportMessage && (format == formatAuto || format == formatReport):
		if j.Origin == nil {
			return record{kind: lineUnreadable}
		}
		r := record{origins: 1, origin: *j.Origin, truncated: j.OriginTruncated, method: j.Method, path: j.Path, rule: j.Rule, suppressed: j.Suppressed}
		if strings.Contains(r.origin, ", ") {
			r.origins = 2 // several Origin values, joined: no origin holds ", "
		}
		if j.Enforced != nil {
			r.preflight = strings.HasPrefix(j.Enforced.Kind, "preflight_")
		}
		return r
	case j.Msg == debugMessage && format == formatAuto:
		return record{kind: lineDebug}
	case j.Request != nil && (format == formatAuto || format == formatCaddy):
		q := j.Request
		r := record{method: q.Method, path: uriPath(q.URI)}
		var ua string
		for name, vs := range q.Headers {
			switch {
			case strings.EqualFold(name, "Origin"):
				r.origins += len(vs)
				if len(vs) > 0 {
					r.origin = vs[0]
				}
			case strings.EqualFold(name, "Sec-Fetch-Site") && len(vs) == 1:
				r.secFetchSite = vs[0]
			case strings.EqualFold(name, "User-Agent") && len(vs) > 0:
				ua = vs[0]
			}
		}
		ip := q.ClientIP
		if ip == "" {
			ip = q.RemoteIP
		}
		r.client = clientKey(ip, ua)
		r.preflight = r.method == "OPTIONS" && r.origins == 1
		return r
	case j.Origin != nil && (format == formatAuto || format == formatJSONL):
		path := j.Path
		if path == "" {
			path = j.URI
		}
		ip := j.ClientIP
		if ip == "" {
			ip = j.RemoteAddr
		}
		r := record{origins: 1, origin: *j.Origin, method: j.Method, path: uriPath(path), secFetchSite: j.SecFetchSite, client: clientKey(ip, j.UserAgent)}
		if r.origin == "" {
			r.origins = 0
		}
		r.preflight = r.method == "OPTIONS" && r.origins == 1
		return r
	case format == formatAuto && j.Msg != "":
		return record{kind: lineOther}
	}
	if format == formatAuto {
		return record{kind: lineOther}
	}
	return record{kind: lineUnreadable}
}

// parseCombined reads a line of the combined log format with the Origin
// appended as one more quoted field, and optionally Sec-Fetch-Site as
// another:
//
//	host ident user [time] "request" status bytes "referer" "user-agent" "origin" ["sec-fetch-site"]
//
// Quoted fields end at the first quote not escaped: nginx writes a quote
// in a value as \x22 and a backslash as \x5C, Apache as \" and \\, so a
// quote inside a value never ends its field. A line with another number
// of fields is unreadable.
func parseCombined(s, format string) record {
	fields, ok := splitCombined(s)
	if !ok || len(fields) < 11 || len(fields) > 12 {
		return record{kind: lineUnreadable}
	}
	// fields[1:]: host ident user [time] "request" status bytes "referer" "ua" "origin" ["sfs"]
	req, ua, orig := fields[5], fields[9], fields[10]
	if !req.quoted || !ua.quoted || !orig.quoted || !fields[4].bracketed || !fields[8].quoted {
		return record{kind: lineUnreadable}
	}
	un := unescapeApache
	if format == formatNginx {
		un = unescapeNginx
	}
	r := record{}
	if v := un(orig.text); v != "-" && v != "" {
		r.origins, r.origin = 1, v
	}
	if len(fields) == 12 {
		if !fields[11].quoted {
			return record{kind: lineUnreadable}
		}
		sfs := un(fields[11].text)
		switch sfs {
		case "cross-site", "same-site", "same-origin", "none":
			r.secFetchSite = sfs
		case "-", "":
		default:
			// Not a Sec-Fetch-Site value: the fields are not those
			// documented, and reading on could take another field
			// for the Origin.
			return record{kind: lineUnreadable}
		}
	}
	method, rest, _ := strings.Cut(un(req.text), " ")
	uri, _, _ := strings.Cut(rest, " ")
	r.method, r.path = method, uriPath(uri)
	r.client = clientKey(fields[1].text, un(ua.text))
	r.preflight = r.method == "OPTIONS" && r.origins == 1
	return r
}

type field struct {
	text              string
	quoted, bracketed bool
}

// splitCombined splits s into fields: "quoted" (with backslash escapes,
// kept as written), [bracketed] or bare words. The first field is
// numbered 1, so that fields[i] is the i-th.
func splitCombined(s string) ([]field, bool) {
	fields := make([]field, 1, 13)
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			i++
		case len(fields) > 13:
			return nil, false
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return nil, false
			}
			fields = append(fields, field{text: s[i+1 : j], quoted: true})
			i = j + 1
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, false
			}
			fields = append(fields, field{text: s[i+1 : i+j], bracketed: true})
			i += j + 1
		default:
			j := strings.IndexAny(s[i:], " \t")
			if j < 0 {
				j = len(s) - i
			}
			fields = append(fields, field{text: s[i : i+j]})
			i += j
		}
	}
	return fields, true
}

// unescapeNginx undoes nginx's default log escaping: every byte below
// 0x20, above 0x7e, and the quote and the backslash, as \xHH.
func unescapeNginx(s string) string {
	if !strings.Contains(s, `\x`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if v, ok := hexByte(s[i+2], s[i+3]); ok {
				b.WriteByte(v)
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeApache undoes mod_log_config's escaping: \" and \\, C-style
// \n \r \t \v \b \f, and \xhh for other bytes.
func unescapeApache(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '"', '\\':
			b.WriteByte(c)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'x':
			if i+3 < len(s) {
				if v, ok := hexByte(s[i+2], s[i+3]); ok {
					b.WriteByte(v)
					i += 3
					continue
				}
			}
			b.WriteString(`\x`)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

func hexByte(a, b byte) (byte, bool) {
	h, ok1 := hexDigit(a)
	l, ok2 := hexDigit(b)
	return h<<4 | l, ok1 && ok2
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// uriPath is the path of a request target, without its query.
func uriPath(uri string) string {
	path, _, _ := strings.Cut(uri, "?")
	return path
}

func clientKey(addr, ua string) string {
	if addr == "" && ua == "" {
		return ""
	}
	return addr + "\x00" + ua
}

// readLines calls fn with each line of r, without its end; a line longer
// than maxLine is skipped and counted in long.
func readLines(r io.Reader, fn func(line []byte)) (long uint64, err error) {
	br := bufio.NewReaderSize(r, maxLine)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long++
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				return long, nil
			}
			if err != nil {
				return long, err
			}
			continue
		}
		if len(line) > 0 {
			fn(line)
		}
		if err == io.EOF {
			return long, nil
		}
		if err != nil {
			return long, err
		}
	}
}
