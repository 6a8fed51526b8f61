package main

import (
	"testing"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/todotest"
)

func TestTodosFromThePage(t *testing.T) {
	todotest.FromThePage(t, newEcho(nil, todo.NewStore()))
}

func TestTodosFromElsewhere(t *testing.T) {
	todotest.FromElsewhere(t, newEcho(nil, todo.NewStore()))
}
