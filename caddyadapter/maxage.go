package caddyadapter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"

	"github.com/corsheaders/corsheaders/core"
)

// MaxAge is the preflight_max_age setting. In JSON it is a number of
// seconds, as django-cors-headers' CORS_PREFLIGHT_MAX_AGE is (0 sends no
// Access-Control-Max-Age, as in Django), or a string: a Caddy duration
// ("2h", "1d", "600s") or "none", which sends none either. Absent, the
// default of 86400 seconds is sent.
type MaxAge struct {
	// Duration is core.Config.PreflightMaxAge: 0 for the default,
	// core.NoPreflightMaxAge for none.
	Duration time.Duration
}

// IsZero reports whether the setting is absent.
func (m MaxAge) IsZero() bool { return m.Duration == 0 }

// maxSeconds bounds a number of seconds read, beyond what core accepts (a
// week), so that a huge number is reported as too long, not overflowed.
const maxSeconds = 1 << 32

// ParseMaxAge reads the preflight_max_age value s as the Caddyfile gives
// it: a whole number of seconds, a Caddy duration, or "none".
func ParseMaxAge(s string) (MaxAge, error) {
	switch {
	case s == "none":
		return MaxAge{core.NoPreflightMaxAge}, nil
	case strings.TrimLeft(s, "-0123456789.") == "":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return MaxAge{}, fmt.Errorf("preflight_max_age %q: not a number of seconds, a duration such as 2h, or none", s)
		}
		return seconds(f), nil
	}
	d, err := caddy.ParseDuration(s)
	if err != nil {
		return MaxAge{}, fmt.Errorf("preflight_max_age %q: not a number of seconds, a duration such as 2h, or none", s)
	}
	if d == 0 {
		return MaxAge{core.NoPreflightMaxAge}, nil
	}
	return MaxAge{d}, nil
}

func seconds(f float64) MaxAge {
	if f == 0 {
		return MaxAge{core.NoPreflightMaxAge}
	}
	f = math.Max(-maxSeconds, math.Min(f, maxSeconds))
	return MaxAge{time.Duration(f * float64(time.Second))}
}

// UnmarshalJSON reads a number of seconds or a string.
func (m *MaxAge) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*m = MaxAge{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := ParseMaxAge(s)
		*m = v
		return err
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("preflight_max_age %s: not a number of seconds, a duration such as \"2h\", or \"none\"", b)
	}
	*m = seconds(f)
	return nil
}

// MarshalJSON writes a whole number of seconds, 0 for none, and any other
// duration as a string, for core to report.
func (m MaxAge) MarshalJSON() ([]byte, error) {
	switch d := m.Duration; {
	case d == core.NoPreflightMaxAge:
		return []byte("0"), nil
	case d > 0 && d%time.Second == 0:
		return []byte(strconv.FormatInt(int64(d/time.Second), 10)), nil
	default:
		return json.Marshal(d.String())
	}
}
