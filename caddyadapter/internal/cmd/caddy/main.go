// Command caddy is Caddy's standard distribution with the cors directive
// of corsheaders: what xcaddy build --with
// github.com/corsheaders/corsheaders/caddyadapter builds, for this
// repository's tests and for trying the module from a clone:
//
//	go build -o caddy ./caddyadapter/internal/cmd/caddy
//	./caddy run --config Caddyfile
package main

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"

	_ "github.com/caddyserver/caddy/v2/modules/standard"

	_ "github.com/corsheaders/corsheaders/caddyadapter"
)

func main() {
	caddycmd.Main()
}
