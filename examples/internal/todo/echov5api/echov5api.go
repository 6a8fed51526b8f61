// Package echov5api serves the to-do API of package todo with Echo v5. A
// handler's error becomes a response in Echo's HTTPErrorHandler.
package echov5api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
)

// Register adds the API's routes, /todos and /todos/:id, to g.
func Register(g *echo.Group, s *todo.Store) {
	g.GET("/todos", func(c *echo.Context) error {
		return c.JSON(http.StatusOK, s.List())
	})
	g.POST("/todos", func(c *echo.Context) error {
		var in todo.Todo
		if err := c.Bind(&in); err != nil || !in.Valid() {
			return echo.NewHTTPError(http.StatusBadRequest, `send {"title": "..."}`)
		}
		t := s.Add(in)
		c.Response().Header().Set("Location", t.Location())
		return c.JSON(http.StatusCreated, t)
	})
	g.PUT("/todos/:id", func(c *echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		var in todo.Todo
		if err != nil || c.Bind(&in) != nil || !in.Valid() {
			return echo.NewHTTPError(http.StatusBadRequest, `send {"title": "...", "done": false} to /api/todos/{id}`)
		}
		in.ID = id
		if !s.Update(in) {
			return echo.NewHTTPError(http.StatusNotFound, "no such to-do")
		}
		return c.JSON(http.StatusOK, in)
	})
	g.DELETE("/todos/:id", func(c *echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil || !s.Remove(id) {
			return echo.NewHTTPError(http.StatusNotFound, "no such to-do")
		}
		return c.NoContent(http.StatusNoContent)
	})
}
