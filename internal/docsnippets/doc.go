// Package docsnippets holds the tests of what the documentation shows as Go:
// every Go block of README.md and docs/*.md compiles as a reader pastes it,
// and the link definitions of the doc comments are ones go doc recognises.
//
// A ```go block is one of these kinds:
//
//   - A whole file: it begins (after comments) with a package clause. It is
//     built as it is, alone in its own package.
//   - A quoted file: the line before it links a .go file of the repository
//     and the block is that file, byte for byte (docs/migrating.md quotes
//     examples/migrating so). That file is built and tested in its own
//     module; the block is skipped here.
//   - A fragment, marked by an HTML comment on the line just before the
//     fence, which a rendered page does not show: <!-- go: NAME -->.
//   - A block that cannot be built here, marked <!-- go: not built: REASON -->:
//     only for a whole file importing a module that no module of the
//     workspace requires and the module proxy does not serve.
//
// A fragment's NAME is a file of testdata, NAME.go: the program the fragment
// completes, declaring what the fragment uses without defining it (a router
// r, a Config cfg, a handler listItems…). A fragment made of declarations
// (import, func, type, var) is added to that program as a file of its own; a
// fragment made of statements, after an import declaration or not, becomes
// the body of a function of it, and the names it declares are used after it,
// as the rest of a program would. A fragment that writes an import
// declaration must write every import it needs, since a reader pastes it with
// them; one that writes none gets the program's imports it refers to, as an
// editor adds them to pasted code.
//
// A block of none of these kinds fails the test: give it a package clause,
// or mark it with the program it completes (adding one to testdata if none
// fits). A block showing several frameworks side by side is several blocks,
// one per framework. All blocks are built together, each in a package of its
// own, by one go vet in a temporary module inside a copy of the workspace, so
// a block may import any module that a module of the workspace requires.
// Line directives make go vet report the Markdown file and line.
package docsnippets
