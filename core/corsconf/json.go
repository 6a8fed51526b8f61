package corsconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
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
// CORS_URLS_REGEX is a string, and CORS_PREFLIGHT_MAX_AGE a whole number of
// seconds, 0 sending no Access-Control-Max-Age. A key that is not a setting
// is an error naming the nearest setting. Every problem is reported at
// once, each an [*Error].
func FromJSON(data []byte) (*Settings, error) { return fromJSON(data) }

func fromJSON(data []byte) (*Settings, error) {
	obj, order, dup, err := decodeObject(data)
	if err != nil {
		return nil, &Error{Name: "JSON", Index: -1, Value: excerpt(data), Problem: "not a JSON object: " + err.Error(),
			Fix: `write one object whose keys are the settings, e.g. {"CORS_ALLOWED_ORIGINS": ["https://app.example.com"]}`}
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
		return nil, nil, nil, fmt.Errorf("the file holds a %v, not an object", tokenKind(tok))
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

func excerpt(data []byte) string {
	s := string(data)
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprint(strings.TrimSpace(s))
}
