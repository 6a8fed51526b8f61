// Package chitest tests chiadapter inside chi routers (conformance, groups,
// mounts, OPTIONS routes). It lives in the module
// github.com/corsheaders/corsheaders/internal, beside chiadapter's own tests,
// so that chiadapter's go.mod requires core alone: a net/http user never
// downloads chi or a test library.
package chitest
