package caddyadapter

import (
	"log/slog"

	"github.com/caddyserver/caddy/v2"
)

// SetDebugLogger makes the handlers provisioned from now on with debug
// log to l instead of Caddy's logger, for a test that reads what they
// log; it returns the function that undoes it.
func SetDebugLogger(l *slog.Logger) (restore func()) {
	old := debugLogger
	debugLogger = func(caddy.Context) *slog.Logger { return l }
	return func() { debugLogger = old }
}
