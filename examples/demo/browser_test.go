package main

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInBrowser clicks every button of the page in headless Chromium and
// checks that each call behaved as the page says, from the allowed origin
// and from the other one. It runs only when DEMO_CHROMIUM names the
// browser, as the e2e module holds the project's browser suite:
//
//	DEMO_CHROMIUM=/usr/bin/chromium go test -run InBrowser ./demo
func TestInBrowser(t *testing.T) {
	bin := os.Getenv("DEMO_CHROMIUM")
	if bin == "" {
		t.Skip("set DEMO_CHROMIUM to a Chromium binary to run the page in a browser")
	}
	u, out := startDemo(t, nil)
	n := strconv.Itoa(len(calls))

	dom := dumpDOM(t, bin, u.Page+"/?autorun=1")
	assert.Contains(t, dom, `data-done="`+n+`/`+n+`"`, "every call as the page says; demo output:\n%s", out)
	assert.Contains(t, dom, `body: {"cookieReceived":true,"loggedIn":true}`, "the partitioned cookie came back")
	assert.Contains(t, dom, `headers.get("X-Request-Id") = "req-`)
	assert.Contains(t, dom, `headers.get("X-Total-Count") = null`)

	dom = dumpDOM(t, bin, u.AltPage+"/?autorun=1")
	assert.Contains(t, dom, "is not allowed by the API")
	assert.Contains(t, dom, `data-done="`+n+`/`+n+`"`, "every call refused; demo output:\n%s", out)
}

// dumpDOM loads url in headless Chromium and returns the page as it stands
// once the virtual time budget, which waits for the page's fetches, is spent.
func dumpDOM(t *testing.T, bin, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=15000", "--dump-dom", url)
	dom, err := cmd.Output()
	require.NoError(t, err)
	return string(dom)
}
