package presets_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/presets"
)

// With adds what a Connect client and an MCP client need to the origins
// the application allows; the Django defaults come first.
func ExampleWith() {
	cfg, err := presets.With(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
	}, presets.Connect, presets.MCP)
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.AllowMethods)
	fmt.Println(cfg.AllowHeaders)
	fmt.Println(cfg.ExposeHeaders)
	// Output:
	// [DELETE GET OPTIONS PATCH POST PUT]
	// [accept authorization content-type user-agent x-csrftoken x-requested-with Connect-Protocol-Version Connect-Timeout-Ms Content-Encoding Connect-Content-Encoding Connect-Accept-Encoding Mcp-Session-Id Mcp-Protocol-Version Last-Event-ID Mcp-Method Mcp-Name]
	// [Content-Encoding Accept-Encoding Connect-Content-Encoding Connect-Accept-Encoding Mcp-Session-Id]
}

// Apply changes a Config in place. Listing AllowHeaders leaves out the
// Django defaults, Authorization among them; the preflight of a gRPC-Web
// client is then granted exactly what the protocol needs.
func ExamplePreset_Apply() {
	cfg := core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowHeaders:   []string{"x-request-id"},
	}
	if err := presets.GRPCWeb.Apply(&cfg); err != nil {
		panic(err)
	}
	p := core.MustPolicy(cfg)

	r := httptest.NewRequest(http.MethodOptions, "/greet.v1.GreetService/Greet", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Access-Control-Request-Method", "POST")
	r.Header.Set("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent")
	h := http.Header{}
	d := core.Handle(p, h, r)
	fmt.Println(d.Status, h.Get("Access-Control-Allow-Headers"))
	// Output:
	// 204 x-request-id, content-type, grpc-timeout, grpc-encoding, grpc-accept-encoding, x-grpc-web, x-user-agent
}

// A preset exposing what only listed origins may read refuses a Config
// that allows every origin.
func ExamplePreset_Apply_allowAllOrigins() {
	cfg := core.Config{AllowAllOrigins: true}
	fmt.Println(presets.MCP.Apply(&cfg))
	// Output:
	// corsheaders: AllowAllOrigins "true": the MCP preset exposes Mcp-Session-Id (a session ID works as a bearer token), which AllowAllOrigins would let every web site read; list the origins of your web application in AllowedOrigins
}
