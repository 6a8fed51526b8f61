// Package todo is the small application behind the framework examples
// (examples/chi, gin, echo, echov5 and fiber): an in-memory list of to-do
// items, the flags every example takes, and the net/http server they run
// on. It knows no framework and no CORS; each framework's routes for it are
// in a package of its own below (chiapi, ginapi, echoapi, echov5api,
// fiberapi), so that an example's main holds its middleware and its CORS
// configuration, and little else.
//
// The API, under /api in every example:
//
//	GET    /api/todos       the items, in the order they were added
//	POST   /api/todos       {"title": "..."}: 201 with the item and its Location
//	PUT    /api/todos/{id}  {"title": "...", "done": true}: the item replaced
//	DELETE /api/todos/{id}  204
//
// A body without a title is answered 400, an unknown id 404.
package todo
