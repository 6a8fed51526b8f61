package chiadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestReportOnly runs the report-only kit through http.ServeMux.
func TestReportOnly(t *testing.T) {
	corstest.RunReportOnly(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", app)
		return chiadapter.FromPolicy(src)(mux)
	})
}
