package corsconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FromFile reads the JSON file at path: see [FromJSON]. Each [*Error]
// names the file in its File field.
func FromFile(path string) (*Settings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := fromJSON(data)
	if err != nil {
		for _, e := range flatten(err) {
			if se, ok := e.(*Error); ok {
				se.File = path
			}
		}
		return nil, err
	}
	return s, nil
}

// FromJSON reads a configuration from a JSON object whose keys are the
// settings' names (see [Names] and [OldNames]), for instance
//
//	{
//	  "CORS_ALLOWED_ORIGINS": ["https://app.example.com"],
//	  "CORS_ALLOW_CREDENTIALS": true,
//	  "CORS_PREFLIGHT_MAX_AGE": 600
//	}
//
// Lists are arrays of strings, booleans are true or false,
// CORS_URLS_REGEX and CORS_PUBLIC_SCHEME are strings, and
// CORS_PREFLIGHT_MAX_AGE a whole number of seconds, 0 sending no
// Access-Control-Max-Age. A key that is not a setting
// is an error naming the nearest setting. Every problem is reported at
// once, each an [*Error].
func FromJSON(data []byte) (*Settings, error) { return fromJSON(data) }

func fromJSON(data []byte) (*Settings, error) {
	obj, order, dup, err := decodeObject(data)
	if err != nil {
		return nil, decodeError(data, err)
	}
	if obj == nil {
		return nil, &Error{Name: "JSON", Index: -1, Value: "null", Problem: "not a JSON object", Fix: "write an object, {} for the defaults"}
	}
	l := newLoader()
	l.fileKeys = true
	// A key written twice would silently take its last value, which a
	// reader of the file may not see: refuse it.
	for _, key := range dup {
		l.fail(key, -1, string(obj[key]), "written more than once", "keep one "+printable(key)+" key")
	}
	for _, key := range slices.Sorted(slices.Values(order)) {
		if slices.Contains(dup, key) {
			continue
		}
		written := key
		current, ok := l.resolve(written, key, string(obj[key]))
		if !ok {
			continue
		}
		if v, ok := l.parseJSON(written, settings[current].kind, obj[key]); ok {
			l.take(current, written, v)
		}
	}
	return l.finish()
}

// decodeObject reads data as one JSON object (or null, giving a nil map),
// with nothing after it, and returns its members, its keys in order and
// the keys written more than once.
func decodeObject(data []byte) (obj map[string]json.RawMessage, order, dup []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj = map[string]json.RawMessage{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, nil, nil, err
			}
			key := tok.(string) // inside an object, the decoder yields keys as strings
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, nil, nil, err
			}
			if _, ok := obj[key]; ok {
				if !slices.Contains(dup, key) {
					dup = append(dup, key)
				}
			} else {
				order = append(order, key)
			}
			obj[key] = v
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, nil, err
		}
	case nil:
	default:
		return nil, nil, nil, notObjectError(tokenKind(tok))
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more data follows the object")
		}
		return nil, nil, nil, err
	}
	return obj, order, dup, nil
}

func tokenKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	}
	return "value"
}

func (l *loader) parseJSON(name string, k kind, raw json.RawMessage) (value, bool) {
	text := string(raw)
	switch k {
	case listKind, regexList:
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil || list == nil && text != "null" {
			fix := `write an array of strings, e.g. ["https://a.example.com", "https://b.example.com"]`
			if k == regexList {
				fix = `write an array of strings, e.g. ["https://[a-z0-9-]+\\.example\\.com"]`
			}
			l.fail(name, -1, text, "not a list", fix)
			return value{}, false
		}
		if list == nil {
			return value{}, false // null: as if unset
		}
		return value{list: list}, true
	case stringKind:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			l.fail(name, -1, text, "not a string", `write the regex as a JSON string, e.g. "^/api/"`)
			return value{}, false
		}
		return value{s: s}, true
	case boolKind:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			l.fail(name, -1, text, "not a boolean", "write true or false, without quotes")
			return value{}, false
		}
		return value{b: b}, true
	case secondsKind:
		var f float64
		if err := json.Unmarshal(raw, &f); err != nil || f != math.Trunc(f) {
			l.fail(name, -1, text, "not a whole number of seconds", "write seconds as a number, such as 600; 0 sends no Access-Control-Max-Age")
			return value{}, false
		}
		if f > maxAgeLimit {
			f = maxAgeLimit + 1
		}
		return l.checkSeconds(name, text, int64(f))
	}
	return value{}, false
}

// notObjectError: the file is JSON, but not an object.
type notObjectError string

func (e notObjectError) Error() string {
	article := "a "
	if strings.IndexByte("aeiou", e[0]) >= 0 {
		article = "an "
	}
	return "the file holds " + article + string(e) + ", not an object"
}

const objectFix = `write one object whose keys are the settings, e.g. {"CORS_ALLOWED_ORIGINS": ["https://app.example.com"]}`

// decodeError is the *Error for err, decodeObject's error on data: for a
// syntax error, its line and column, with the line at fault as the value
// rather than the file, which may hold secrets and is the reader's anyway.
func decodeError(data []byte, err error) *Error {
	if kind, ok := err.(notObjectError); ok {
		return &Error{Name: "JSON", Index: -1, Value: excerpt(data, 0), Problem: "not a JSON object: " + kind.Error(), Fix: objectFix}
	}
	// The decoder's offsets count from its buffer, not from data: where
	// data is not JSON, Unmarshal, which reads it whole, says where.
	var se *json.SyntaxError
	if !errors.As(json.Unmarshal(data, new(json.RawMessage)), &se) {
		// Valid JSON all the same, such as null followed by more values.
		return &Error{Name: "JSON", Index: -1, Value: excerpt(data, 0), Problem: err.Error(), Fix: objectFix}
	}
	at := int(min(max(se.Offset-1, 0), int64(len(data))))
	if se.Offset >= int64(len(data)) && strings.Contains(se.Error(), "unexpected end") {
		at = len(data)
	}
	line, col := lineColumn(data, at)
	where := "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
	if strings.Contains(se.Error(), "after top-level value") {
		return &Error{Name: "JSON", Index: -1, Value: excerpt(data, at),
			Problem: "more data follows the object, at " + where, Fix: "remove what follows it: a file holds one object, whose keys are the settings"}
	}
	return &Error{Name: "JSON", Index: -1, Value: excerpt(data, at),
		Problem: "invalid JSON at " + where + ": " + strings.TrimPrefix(se.Error(), "json: "),
		Fix:     "correct the JSON there; " + objectFix}
}

// lineColumn is the line and column, from 1, of the byte at of data;
// columns count characters.
func lineColumn(data []byte, at int) (line, col int) {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	return bytes.Count(data[:start], []byte("\n")) + 1, utf8.RuneCount(data[start:at]) + 1
}

// excerpt is the line of data holding the byte at, trimmed and cut short.
func excerpt(data []byte, at int) string {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	end := len(data)
	if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
		end = at + i
	}
	s := strings.TrimSpace(string(data[start:end]))
	if len(s) > 60 {
		s = strings.ToValidUTF8(s[:60], "") + "…"
	}
	return s
}
