package sqlorigins

import (
	"errors"
	"fmt"
	"strings"
)

// qualified checks name, an identifier optionally qualified by a schema
// ("schema.table"), and quotes each part with quote.
func qualified(name string, quote func(string) string) (string, error) {
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return "", fmt.Errorf("%q: at most one \".\", between a schema and a name", name)
	}
	for i, part := range parts {
		if err := checkIdentifier(part); err != nil {
			return "", fmt.Errorf("%q: %w", name, err)
		}
		parts[i] = quote(part)
	}
	return strings.Join(parts, "."), nil
}

// checkIdentifier accepts letters, digits and underscores, not starting
// with a digit, at most 63 bytes (PostgreSQL's limit): a name that needs no
// quoting in any dialect, so quoting it cannot be subverted.
func checkIdentifier(s string) error {
	if s == "" {
		return errors.New("an empty identifier")
	}
	if len(s) > 63 {
		return errors.New("an identifier longer than 63 bytes")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return fmt.Errorf("%q is not a letter, digit or underscore (or a digit first): use a plain name, or a view with a plain name", string(c))
		}
	}
	return nil
}

// quoteANSI quotes an identifier with double quotes, doubling any inside.
func quoteANSI(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteBackticks quotes an identifier for MySQL and MariaDB without
// ANSI_QUOTES; give it as Config.Quote.
func QuoteBackticks(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
