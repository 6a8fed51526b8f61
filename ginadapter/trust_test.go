package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

func TestCrossOriginProtection(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.FromPolicy(src), ginadapter.CrossOriginProtection(cop))
		r.Any("/*path", gin.WrapH(app))
		return r
	})
}
