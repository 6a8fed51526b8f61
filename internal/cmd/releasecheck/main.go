// Command releasecheck is make release-check: it publishes the current
// tree as a candidate version into a module proxy on disk and installs each
// adapter from it into a fresh application, outside the workspace and with
// an empty module cache, as a new user would (see package release).
//
//	go run ./internal/cmd/releasecheck [-root dir] [-apps nethttp,gin,caddy] [-work dir]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/corsheaders/corsheaders/internal/release"
)

func main() {
	root := flag.String("root", ".", "the directory of go.work")
	apps := flag.String("apps", "", "comma-separated applications to check (default: all)")
	work := flag.String("work", "", "keep the proxy, caches and applications in this directory (default: a temporary one, removed)")
	flag.Parse()

	ws, err := release.Load(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release-check:", err)
		os.Exit(1)
	}
	opts := release.CheckOptions{Work: *work, Log: os.Stdout}
	if *apps != "" {
		opts.Apps = strings.Split(*apps, ",")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := ws.Check(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "release-check: FAIL\n"+err.Error())
		os.Exit(1)
	}
	fmt.Println("release-check: ok")
}
