package main

import (
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/todotest"
)

func TestTodosFromThePage(t *testing.T) {
	gin.SetMode(gin.TestMode)
	todotest.FromThePage(t, newRouter(nil, todo.NewStore()))
}

func TestTodosFromElsewhere(t *testing.T) {
	gin.SetMode(gin.TestMode)
	todotest.FromElsewhere(t, newRouter(nil, todo.NewStore()))
}
