package chiadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

func TestCrossOriginProtectionServeMux(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", app)
		return chiadapter.FromPolicy(src)(chiadapter.CrossOriginProtection(cop)(mux))
	})
}
