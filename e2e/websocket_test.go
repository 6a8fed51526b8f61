package e2e

import (
	"context"
	"net/http"
	"time"

	coder "github.com/coder/websocket"
	"github.com/gorilla/websocket"
)

// gorillaEcho is a WebSocket endpoint with gorilla/websocket: check is the
// Upgrader's CheckOrigin, core.CheckWebSocketOrigin in the correct
// servers. It answers one message with "echo: " and the message.
func gorillaEcho(check func(*http.Request) bool) http.HandlerFunc {
	up := websocket.Upgrader{CheckOrigin: check}
	return func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return // Upgrade has answered: 403 for a refused origin
		}
		defer conn.Close()
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		kind, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		_ = conn.WriteMessage(kind, append([]byte("echo: "), msg...))
	}
}

// coderEcho is the same endpoint with coder/websocket, whose AcceptOptions
// take origin patterns, not a function: the policy's check runs first, and
// Accept's own origin check is then skipped (InsecureSkipVerify), as it has
// been done already.
func coderEcho(check func(*http.Request) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !check(r) {
			http.Error(w, "WebSocket origin not allowed", http.StatusForbidden)
			return
		}
		conn, err := coder.Accept(w, r, &coder.AcceptOptions{InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer conn.CloseNow()
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		kind, msg, err := conn.Read(ctx)
		if err != nil {
			return
		}
		_ = conn.Write(ctx, kind, append([]byte("echo: "), msg...))
		_ = conn.Close(coder.StatusNormalClosure, "")
	}
}
