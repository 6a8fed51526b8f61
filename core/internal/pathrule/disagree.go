package pathrule

// A Form is one form of a request's path that routers route on.
type Form uint8

// The forms of a path.
const (
	AsSent  Form = iota + 1 // the path decoded, as url.URL.Path holds it
	Cleaned                 // the path as Clean reads it
	Escaped                 // the path as the client escaped it, url.URL.RawPath
)

// A Reading is how a router may read one form of a path.
type Reading uint8

// The readings of a form.
const (
	Itself  Reading = iota + 1 // the form as it is
	Folded                     // case-insensitively
	Trimmed                    // without its trailing slashes
	Slashed                    // without its trailing slashes, or with one, either case
)

// Disagreement says why [Set.Choose] found p (and raw, as Choose takes it)
// Ambiguous: the form whose reading falls under another rule than p as it
// is, that form's text (p, p cleaned, or raw) and the reading. form is 0
// when no such reading is found, as for a path longer than MaxLength. It
// is for explanations, and allocates.
func (s *Set) Disagreement(p, raw string) (form Form, text string, reading Reading) {
	if len(p) > MaxLength || len(raw) > MaxLength {
		return 0, "", 0
	}
	i := s.index(p)
	if why := s.readingApart(p, i); why != 0 {
		return AsSent, p, why
	}
	if clean, changed := Clean(p); changed {
		if s.index(clean) != i {
			return Cleaned, clean, Itself
		}
		if why := s.readingApart(clean, i); why != 0 {
			return Cleaned, clean, why
		}
	}
	if raw != "" && raw != p {
		if s.index(raw) != i {
			return Escaped, raw, Itself
		}
		if why := s.readingApart(raw, i); why != 0 {
			return Escaped, raw, why
		}
	}
	return 0, "", 0
}

// readingApart is agrees saying which reading of q falls under another
// rule than i, or 0 when q's readings agree.
func (s *Set) readingApart(q string, i int) Reading {
	if s.indexFolded(q) != i {
		return Folded
	}
	t := TrimSlash(q)
	if t != q && (s.index(t) != i || s.indexFolded(t) != i) {
		return Trimmed
	}
	if s.slashIndex(t, i, true, false) != i {
		return Slashed
	}
	return 0
}
