// Package e2e is corsheaders' real-browser conformance suite.
package e2e
