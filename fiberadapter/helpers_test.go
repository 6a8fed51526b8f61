package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"
)

// fiberServer serves net/http requests through app's own fasthttp handler,
// as Fiber's server does, with a fasthttp.RequestCtx holding the request's
// method, URI and header lines as given, not parsed back from the wire
// (which would trim a hostile case's trailing spaces, and refuse its
// megabyte of header beyond Fiber's Config.ReadBufferSize with 431 before
// any handler). Tests through app.Test, in fiberadapter_test.go, go over
// the wire. Header lines already on the http.ResponseWriter, such as those
// an outer middleware sets, are on the fasthttp response before app runs,
// so the middleware merges Vary with them as it would with a Fiber
// middleware in front of it.
type fiberServer struct {
	t   testing.TB
	app *fiber.App
}

// newApp is fiber.New with the custom method the cases use: Fiber answers
// a method outside Config.RequestMethods with 501 before any handler runs.
func newApp() *fiber.App {
	return fiber.New(fiber.Config{RequestMethods: append(fiber.DefaultMethods[:len(fiber.DefaultMethods):len(fiber.DefaultMethods)], "PURGE")})
}

func (s fiberServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req fasthttp.Request
	req.Header.SetMethod(r.Method)
	req.SetRequestURI(r.URL.RequestURI())
	req.Header.SetHost(r.Host)
	for name, values := range r.Header {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, nil, nil)
	for name, values := range w.Header() {
		for _, v := range values {
			ctx.Response.Header.Add(name, v)
		}
		delete(w.Header(), name)
	}
	s.app.Handler()(&ctx)
	for name, value := range ctx.Response.Header.All() {
		w.Header().Add(string(name), string(value))
	}
	w.WriteHeader(ctx.Response.StatusCode())
	_, _ = w.Write(ctx.Response.Body())
}
