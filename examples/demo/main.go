// Command demo shows CORS at work in a real browser: an API on
// http://127.0.0.1:8000, built with chi and chiadapter, and a page on
// http://localhost:8001 whose buttons call it with fetch(). The two are
// different origins, so every call is a cross-origin one; the page says
// beside each button whether the browser should let it through, and shows
// what the browser did.
//
//	go run ./examples/demo [-api 127.0.0.1:8000] [-page 127.0.0.1:8001]
//
// The API's CORS configuration comes from CORS_* environment variables
// named as django-cors-headers' settings, or from a JSON file given with
// -config, read by package corsconf (docs/configuration-env.md explains
// them). Every request the API
// receives is logged with the policy's decision about it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"text/tabwriter"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}

// urls are the addresses a browser reaches the servers at.
type urls struct {
	API string // http://127.0.0.1:8000
	// Page is the page's URL and origin, with the name localhost.
	Page string
	// AltPage is the same page reached by IP address, a different origin,
	// or "" when the page does not listen on a loopback address.
	AltPage string
}

func urlsFor(api, page net.Addr) urls {
	host := func(a net.Addr) (net.IP, string) {
		t := a.(*net.TCPAddr)
		return t.IP, strconv.Itoa(t.Port)
	}
	apiIP, apiPort := host(api)
	if apiIP.IsUnspecified() {
		apiIP = net.IPv4(127, 0, 0, 1)
	}
	u := urls{API: "http://" + net.JoinHostPort(apiIP.String(), apiPort)}
	pageIP, pagePort := host(page)
	switch {
	case pageIP.IsUnspecified():
		u.Page = "http://localhost:" + pagePort
		u.AltPage = "http://127.0.0.1:" + pagePort
	case pageIP.IsLoopback():
		u.Page = "http://localhost:" + pagePort
		u.AltPage = "http://" + net.JoinHostPort(pageIP.String(), pagePort)
	default:
		u.Page = "http://" + net.JoinHostPort(pageIP.String(), pagePort)
	}
	return u
}

// run is the demo until ctx is done; it returns the exit code. ready, if
// not nil, is called once both servers accept connections.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, ready func(urls)) int {
	o, err := parseOptions(args, environ, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 2
	}
	for _, note := range o.Notes {
		fmt.Fprintln(stderr, "note:", note)
	}

	apiLn, err := net.Listen("tcp", o.APIAddr)
	if err != nil {
		fmt.Fprintf(stderr, "API: %v (is the demo already running? choose another address with -api)\n", err)
		return 1
	}
	defer apiLn.Close()
	pageLn, err := net.Listen("tcp", o.PageAddr)
	if err != nil {
		fmt.Fprintf(stderr, "page: %v (is the demo already running? choose another address with -page)\n", err)
		return 1
	}
	defer pageLn.Close()
	u := urlsFor(apiLn.Addr(), pageLn.Addr())
	o.resolve(u)

	policy, err := o.policy()
	if err != nil {
		fmt.Fprintln(stderr, "invalid CORS configuration:")
		for _, line := range configProblems(err) {
			fmt.Fprintln(stderr, "  "+line)
		}
		return 1
	}

	logger := log.New(stdout, "", log.Ltime)
	servers := []*http.Server{
		{Handler: newAPI(policy, logger), ReadHeaderTimeout: 10 * time.Second},
		{Handler: newPage(policy, &o, u, logger), ReadHeaderTimeout: 10 * time.Second},
	}
	printBanner(stdout, &o, u)

	failed := make(chan error, len(servers))
	for i, ln := range []net.Listener{apiLn, pageLn} {
		go func() { failed <- servers[i].Serve(ln) }()
	}
	if ready != nil {
		ready(u)
	}
	code := 0
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "shutting down")
	case err := <-failed:
		fmt.Fprintln(stderr, err)
		code = 1
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(shutdown); err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
		}
	}
	return code
}

func printBanner(w io.Writer, o *options, u urls) {
	fmt.Fprintf(w, "corsheaders demo\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  API\t%s\tchi + chiadapter, listening on %s\n", u.API, o.APIAddr)
	fmt.Fprintf(tw, "  page\t%s\topen this in a browser (listening on %s)\n", u.Page, o.PageAddr)
	if u.AltPage != "" {
		fmt.Fprintf(tw, "  \t%s\tthe same page from an origin the API does not allow by default\n", u.AltPage)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nCORS configuration of the API:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range settings {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.env, o.Source[s.env], s.show(&o.CORS))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nEach request to the API is logged with the CORS decision about it. Ctrl-C stops.\n\n")
}
