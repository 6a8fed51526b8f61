package bench

import "net/http"

// Writer is the least an http.ResponseWriter can be: it keeps its header map
// from one request to the next (Reset clears it), discards the body and
// records the status. What a benchmark counts is then the middleware's and
// the framework's work, not the recorder's.
type Writer struct {
	h http.Header
	// Status is the first status written, or 0 if none was.
	Status int
	// probe asks a server not built on net/http (Fiber) to copy its
	// response's header into h, which costs allocations a benchmark must
	// not count.
	probe bool
}

// NewWriter returns a Writer with an empty header map.
func NewWriter() *Writer { return &Writer{h: make(http.Header)} }

// Header returns the response's header map.
func (w *Writer) Header() http.Header { return w.h }

// Write discards p; a body without a status means 200, as in net/http.
func (w *Writer) Write(p []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return len(p), nil
}

// WriteHeader records the first status.
func (w *Writer) WriteHeader(status int) {
	if w.Status == 0 {
		w.Status = status
	}
}

// Reset readies w for the next request, keeping the map's memory.
func (w *Writer) Reset() {
	clear(w.h)
	w.Status = 0
}
