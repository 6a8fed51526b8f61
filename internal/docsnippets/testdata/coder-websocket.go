// A net/http program serving WebSockets with coder/websocket, that the
// fragments marked <!-- go: coder-websocket --> complete.
package main

import (
	"context"
	"net/http"

	"github.com/coder/websocket"

	"github.com/corsheaders/corsheaders/core"
)

var (
	live = core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}}))
	mux  = http.NewServeMux()
)

// chat talks with one client.
func chat(ctx context.Context, c *websocket.Conn) {}

// Imports the fragments may use without writing them.
var _ = websocket.Accept
