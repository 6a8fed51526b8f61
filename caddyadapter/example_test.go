package caddyadapter_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/caddyserver/caddy/v2/caddyconfig"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
)

// A configuration written in Go for another adapter, as a Caddyfile's
// cors block and as Caddy's JSON.
func ExampleFromConfig() {
	h, err := caddyadapter.FromConfig(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
		ExposeHeaders:    []string{"X-Total-Count"},
		PreflightMaxAge:  2 * time.Hour,
		Paths: []core.PathRule{
			{Prefix: "/public", Config: core.Config{AllowAllOrigins: true}},
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(h.Caddyfile(""))
	b, _ := json.Marshal(h)
	fmt.Println(string(b))
	// Output:
	// cors {
	// 	allowed_origins https://app.example.com
	// 	expose_headers X-Total-Count
	// 	allow_credentials
	// 	preflight_max_age 7200
	// 	path /public {
	// 		allow_all_origins
	// 	}
	// }
	// {"allowed_origins":["https://app.example.com"],"expose_headers":["X-Total-Count"],"preflight_max_age":7200,"allow_credentials":true,"paths":[{"prefix":"/public","allow_all_origins":true}]}
}

// Caddy reports the problems of a cors block when it adapts the
// Caddyfile (caddy adapt, caddy validate, caddy run), each with its fix.
func ExampleHandler_UnmarshalCaddyfile() {
	caddyfile := `api.example.com {
	cors {
		allowed_origins https://app.example.com/ https://*.example.com
		allow_all_origins
	}
	reverse_proxy localhost:8080
}`
	_, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(caddyfile), map[string]any{"filename": "Caddyfile"})
	fmt.Println(err)
	// Output:
	// parsing caddyfile tokens for 'cors': Caddyfile:2: the cors block has 2 problems:
	// 	cors: allow_all_origins "true": allow_all_origins allows every origin, so allowed_origins and allowed_origin_regexes are ignored; to allow only the listed origins, remove allow_all_origins; to allow every origin, remove the lists
	// 	cors: allowed_origins "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"
}
