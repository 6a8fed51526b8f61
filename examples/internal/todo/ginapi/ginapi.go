// Package ginapi serves the to-do API of package todo with Gin.
package ginapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
)

// Register adds the API's routes, /todos and /todos/:id, to r.
func Register(r gin.IRoutes, s *todo.Store) {
	r.GET("/todos", func(c *gin.Context) {
		c.JSON(http.StatusOK, s.List())
	})
	r.POST("/todos", func(c *gin.Context) {
		var in todo.Todo
		if err := c.ShouldBindJSON(&in); err != nil || !in.Valid() {
			c.JSON(http.StatusBadRequest, gin.H{"error": `send {"title": "..."}`})
			return
		}
		t := s.Add(in)
		c.Header("Location", t.Location())
		c.JSON(http.StatusCreated, t)
	})
	r.PUT("/todos/:id", func(c *gin.Context) {
		id, err := strconv.Atoi(c.Param("id"))
		var in todo.Todo
		if err != nil || c.ShouldBindJSON(&in) != nil || !in.Valid() {
			c.JSON(http.StatusBadRequest, gin.H{"error": `send {"title": "...", "done": false} to /api/todos/{id}`})
			return
		}
		in.ID = id
		if !s.Update(in) {
			c.JSON(http.StatusNotFound, gin.H{"error": "no such to-do"})
			return
		}
		c.JSON(http.StatusOK, in)
	})
	r.DELETE("/todos/:id", func(c *gin.Context) {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil || !s.Remove(id) {
			c.JSON(http.StatusNotFound, gin.H{"error": "no such to-do"})
			return
		}
		c.Status(http.StatusNoContent)
	})
}
