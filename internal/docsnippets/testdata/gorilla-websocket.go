// A net/http program serving WebSockets with gorilla/websocket, that the
// fragments marked <!-- go: gorilla-websocket --> complete.
package main

import (
	"github.com/gorilla/websocket"

	"github.com/corsheaders/corsheaders/core"
)

var live = core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}}))

// Imports the fragments may use without writing them.
var _ = websocket.Upgrader{}
