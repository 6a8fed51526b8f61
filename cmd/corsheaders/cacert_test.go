package main

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func TestCheckCACert(t *testing.T) {
	srv := httptest.NewTLSServer(chiadapter.New(core.Config{AllowedOrigins: []string{page}})(app))
	defer srv.Close()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}

	// Without it, the server's certificate is signed by no known CA.
	code, rep, _ := runJSON(t, "check", srv.URL+"/api/items", "--origin", page, "--timeout", "5s")
	if code != exitUsage || !strings.Contains(rep.Verdict.Error, "certificate") {
		t.Errorf("without --cacert: exit %d, %+v", code, rep.Verdict)
	}
	code, rep, stderr := runJSON(t, "check", srv.URL+"/api/items", "--origin", page, "--cacert", ca, "--timeout", "5s")
	if code != exitOK || !rep.Verdict.Allowed {
		t.Errorf("with --cacert: exit %d, %+v\n%s", code, rep.Verdict, stderr)
	}

	notPEM := filepath.Join(dir, "ca.der")
	if err := os.WriteFile(notPEM, srv.Certificate().Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, says string }{
		{filepath.Join(dir, "missing.pem"), "no such file"},
		{dir, "is a directory"},
		{notPEM, "no certificate found: give the CA certificate in PEM"},
	} {
		code, out, stderr := runText([]string{"check", srv.URL, "--origin", page, "--cacert", c.file}, nil)
		if code != exitUsage || out != "" || !strings.Contains(stderr, "--cacert") || !strings.Contains(stderr, c.says) {
			t.Errorf("--cacert %s: exit %d, stdout %q, stderr %q", c.file, code, out, stderr)
		}
	}
}
