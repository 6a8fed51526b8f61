// Command corsheaders answers "why does the browser refuse this?" for
// Cross-Origin Resource Sharing.
//
//	corsheaders check URL --origin O [--method M] [--header 'Name: value']… [--credentials]
//	corsheaders explain (--config cors.json | --env) --origin O [--method M] [--header H]… [--path P]
//	corsheaders validate (--config cors.json | --env)
//	corsheaders suggest [--current cors.json | --current-env] [--own DOMAIN]... [LOG...]
//	corsheaders version
//
// check does what a browser does for a fetch() from origin O, against any
// server: it decides whether a preflight is needed, sends it, checks the
// answer as the Fetch standard says, sends the actual request (following
// redirects as a browser's CORS mode does) and checks it. When the browser
// refuses a preflight, check sends more preflights, each asking for less,
// to find what the server refuses: the router's 404 or 405, a header, the
// method, the origin, credentials. It prints each step, the verdict, the
// message Chromium would print in its console and what the server must
// change.
//
// explain answers the same question offline, for a configuration written
// as django-cors-headers' settings (a JSON file or CORS_* variables), with
// corsheaders' own policy.
//
// validate lists every problem of such a configuration, with its fix.
//
// suggest reads what a server observed (report-only records, access logs
// with an Origin field) and proposes a configuration: the origins seen,
// split into those listed today, those seen with a browser's evidence and
// those seen without, written as CORS_* variables and as JSON settings
// that validate reads.
//
// version prints the command's module version.
//
// Everything printed has its control, bidi and other non-printable runes,
// and its bytes that are not UTF-8, escaped (\x1b, \u202e): header values
// come from any server, and configuration values from files others wrote.
//
// Exit status: 0 when the browser would let the script read the response
// (check, explain) or the configuration is valid (validate); 1 when not; 2
// on a usage error, an unreadable configuration or a network error. Every
// subcommand takes --json for machine-readable output. docs/cli.md shows
// each with real output.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitRefused = 1
	exitUsage   = 2
)

const usage = `corsheaders: check CORS like a browser does

Usage:
  corsheaders check URL --origin O [--method M] [--header 'Name: value']... [--credentials] [--cacert FILE] [--json]
  corsheaders explain (--config cors.json | --env [--prefix P]) --origin O [--method M] [--header 'Name: value']... [--path P] [--credentials] [--json]
  corsheaders validate (--config cors.json | --env [--prefix P]) [--json]
  corsheaders suggest [--current cors.json|cors.env | --current-env] [--format F] [--own DOMAIN]... [--json] [LOG...]
  corsheaders version       (or --version)

Exit status: 0 allowed (or valid), 1 refused (or invalid), 2 usage or network error.
"corsheaders COMMAND -h" lists a command's flags.
`

// run is the command with args, the environment environ, and output to
// stdout and stderr; it returns the exit status.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	stdout, stderr = terminalWriter{stdout}, terminalWriter{stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "explain":
		return runExplain(args[1:], environ, stdout, stderr)
	case "validate":
		return runValidate(args[1:], environ, stdout, stderr)
	case "suggest":
		return runSuggest(args[1:], environ, os.Stdin, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "corsheaders", version(debug.ReadBuildInfo()))
		return exitOK
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "corsheaders: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// version is the command's module version as the build recorded it: the
// tag go install fetched, a pseudo-version when built from a clone with
// its VCS information, "(devel)" without it.
func version(info *debug.BuildInfo, ok bool) string {
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	v := info.Main.Version
	if info.GoVersion != "" {
		v += " (" + info.GoVersion + ")"
	}
	return v
}
