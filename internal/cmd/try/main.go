// Command try is make try: it sets up a new application that uses one
// adapter from this clone, before the version the modules require each
// other at is published (see release.Workspace.Try).
//
//	go run ./internal/cmd/try [-root dir] -adapter gin -dir /tmp/myapp
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/corsheaders/corsheaders/internal/release"
)

func main() {
	root := flag.String("root", ".", "the directory of go.work")
	adapter := flag.String("adapter", "", "the adapter: nethttp (chiadapter), gin, echo, echov5 or fiber")
	dir := flag.String("dir", "", "the new application's directory, outside the clone")
	flag.Parse()
	if *adapter == "" || *dir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: make try ADAPTER=nethttp|gin|echo|echov5|fiber DIR=/tmp/myapp")
		os.Exit(2)
	}
	app, err := release.FindApp(*adapter)
	if err != nil {
		fmt.Fprintln(os.Stderr, "try:", err)
		os.Exit(2)
	}
	ws, err := release.Load(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "try:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := ws.Try(ctx, app, *dir, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "try:", err)
		os.Exit(1)
	}
}
