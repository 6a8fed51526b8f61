package chiadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestGuard runs the guard's cases through http.ServeMux.
func TestGuard(t *testing.T) {
	corstest.RunGuard(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", app)
		return chiadapter.New(cfg)(mux)
	})
}
