// Package docsnippets holds the test that builds every Go block of README.md
// and docs/*.md, so that what a reader pastes compiles.
//
// A ```go block is one of three kinds:
//
//   - A whole file: it begins (after comments) with a package clause. It is
//     built as it is, alone in its own package.
//   - A quoted file: the line before it links a .go file of the repository
//     and the block is that file, byte for byte (docs/migrating.md quotes
//     examples/migrating so). That file is built and tested in its own
//     module; the block is skipped here.
//   - A fragment, marked by an HTML comment on the line just before the
//     fence, which a rendered page does not show:
//
//     <!-- go: chi -->
//
//     The name (here chi) is a file of testdata, chi.go: the program the
//     fragment completes, declaring what the fragment uses without
//     defining it (a router r, a Config cfg, a handler listItems…). A
//     fragment made of declarations (import, func, type, var) is added to
//     that program as a file of its own; a fragment made of statements, with
//     or without an import declaration first, becomes the body of a function
//     of it. The imports of the program that the fragment refers to are added
//     to it, as an editor adds them to pasted code, and the names the
//     fragment declares are used after it, as the rest of a program would.
//
// A block that is none of these fails the test: give it a package clause,
// or mark it with the program it completes (adding one to testdata if none
// fits). All blocks are built together, each in a package of its own, by one
// go vet in a temporary module that the workspace's modules serve, so a
// block may import any module the workspace requires.
package docsnippets
