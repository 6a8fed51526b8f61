package fiberadapter

import (
	"net/http"

	"github.com/gofiber/fiber/v3"

	"github.com/corsheaders/corsheaders/core"
)

// CrossOriginProtection returns cop as Fiber middleware: a request it
// refuses (a cross-origin write from an origin the CORS policy does not
// trust with credentials) is answered by cop.Deny without calling c.Next;
// the others go on with c.Next, whose error is returned as is. Register it
// after the CORS middleware:
//
//	cop := core.NewCrossOriginProtection(policy)
//	app.Use(fiberadapter.FromPolicy(policy), fiberadapter.CrossOriginProtection(cop))
//
// GET, HEAD and OPTIONS requests, which the check always lets through, go
// on unconverted ([core.CrossOriginProtection.CheckView]). For any other
// method the request is converted to an *http.Request as for CheckRequest
// hooks (see the package documentation): its URL.Path is the path the CORS
// policy reads, and its Context is the fasthttp.RequestCtx, so hooks read
// Fiber's locals. A deny handler set
// with cop.SetDenyHandler writes its answer through an
// http.ResponseWriter whose header lines are added to Fiber's response (the
// CORS middleware's among them), and whose status and body become its
// status and body. Like every value Fiber hands a handler, the converted request
// must not be kept past the call.
func CrossOriginProtection(cop *core.CrossOriginProtection) fiber.Handler {
	if cop == nil {
		panic("fiberadapter: CrossOriginProtection needs a *core.CrossOriginProtection")
	}
	var routing routingCache
	return func(c fiber.Ctx) error {
		v := views.Get().(*view)
		n := v.fill(c, routing.of(c.App()))
		r, err := cop.CheckView(&v.req)
		if err != nil {
			cop.Deny(&denyWriter{c: c, h: http.Header{}}, r, err)
		}
		v.release(n)
		if err != nil {
			return nil
		}
		return c.Next()
	}
}

// denyWriter is the http.ResponseWriter a refusal is written through:
// its header lines are added to Fiber's response when the status is
// written, and its body is appended to Fiber's.
type denyWriter struct {
	c     fiber.Ctx
	h     http.Header
	wrote bool
}

func (w *denyWriter) Header() http.Header { return w.h }

func (w *denyWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	res := w.c.Response()
	for name, values := range w.h {
		if name == "Content-Length" { // fasthttp sets it from the body
			continue
		}
		for _, value := range values {
			res.Header.Add(name, value)
		}
	}
	res.SetStatusCode(code)
}

func (w *denyWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.c.Response().AppendBody(b)
	return len(b), nil
}
