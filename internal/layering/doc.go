// Package layering holds the tests that keep the dependencies inside core
// one-way, as docs/architecture.md draws them: no internal package of core
// imports core, and no file of core uses a file that uses it back.
package layering
