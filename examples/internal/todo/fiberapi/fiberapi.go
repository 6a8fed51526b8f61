// Package fiberapi serves the to-do API of package todo with Fiber v3. A
// handler's error becomes a response in Fiber's ErrorHandler.
package fiberapi

import (
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
)

// Register adds the API's routes, /todos and /todos/:id, to r.
func Register(r fiber.Router, s *todo.Store) {
	r.Get("/todos", func(c fiber.Ctx) error {
		return c.JSON(s.List())
	})
	r.Post("/todos", func(c fiber.Ctx) error {
		var in todo.Todo
		if err := c.Bind().JSON(&in); err != nil || !in.Valid() {
			return fiber.NewError(http.StatusBadRequest, `send {"title": "..."}`)
		}
		t := s.Add(in)
		c.Set("Location", t.Location())
		return c.Status(http.StatusCreated).JSON(t)
	})
	r.Put("/todos/:id", func(c fiber.Ctx) error {
		id, err := strconv.Atoi(c.Params("id"))
		var in todo.Todo
		if err != nil || c.Bind().JSON(&in) != nil || !in.Valid() {
			return fiber.NewError(http.StatusBadRequest, `send {"title": "...", "done": false} to /api/todos/{id}`)
		}
		in.ID = id
		if !s.Update(in) {
			return fiber.NewError(http.StatusNotFound, "no such to-do")
		}
		return c.JSON(in)
	})
	r.Delete("/todos/:id", func(c fiber.Ctx) error {
		id, err := strconv.Atoi(c.Params("id"))
		if err != nil || !s.Remove(id) {
			return fiber.NewError(http.StatusNotFound, "no such to-do")
		}
		return c.SendStatus(http.StatusNoContent)
	})
}
