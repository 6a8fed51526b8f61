package todo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStoreKeepsItemsInTheOrderAdded(t *testing.T) {
	s := NewStore()
	b := s.Add(Todo{Title: "b"})
	c := s.Add(Todo{Title: "c"})
	assert.Equal(t, []Todo{{ID: 1, Title: "allow " + Page}, b, c}, s.List())
	assert.Equal(t, "/api/todos/3", c.Location())

	assert.True(t, s.Update(Todo{ID: b.ID, Title: "b", Done: true}))
	assert.False(t, s.Update(Todo{ID: 99, Title: "x"}))
	assert.True(t, s.Remove(c.ID))
	assert.False(t, s.Remove(c.ID))
	assert.Equal(t, []Todo{{ID: 1, Title: "allow " + Page}, {ID: 2, Title: "b", Done: true}}, s.List())
}

func TestTodoWithoutTitleIsInvalid(t *testing.T) {
	assert.False(t, Todo{}.Valid())
	assert.True(t, Todo{Title: "x"}.Valid())
}
