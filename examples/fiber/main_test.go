package main

import (
	"io"
	"maps"
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/todotest"
)

// handler serves the app through Fiber's test connection, as a net/http
// handler, for the shared tests.
func handler(app *fiber.App) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := app.Test(r)
		if err != nil {
			panic(err)
		}
		defer res.Body.Close()
		maps.Copy(w.Header(), res.Header)
		w.WriteHeader(res.StatusCode)
		_, _ = io.Copy(w, res.Body)
	})
}

func TestTodosFromThePage(t *testing.T) {
	todotest.FromThePage(t, handler(newApp(nil, todo.NewStore())))
}

func TestTodosFromElsewhere(t *testing.T) {
	todotest.FromElsewhere(t, handler(newApp(nil, todo.NewStore())))
}
