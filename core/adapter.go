package core

import (
	"net/http"
	"sync"
	"unsafe"

	"github.com/corsheaders/corsheaders/core/internal/pathrule"
)

// This file holds what only the author of an adapter needs: an adapter
// turns its framework's request into a [Request], hands it to [Handle] or
// [HandleRequest], which decide it and write the response's CORS headers,
// and then either answers a preflight itself or calls the next handler.
// Applications use the adapters, not these.

// Handle is what an adapter for a server built on net/http does with each
// request: it decides r with the policy src holds and writes the decision's
// headers to h, the response's header map. When the returned Decision's
// Answered method reports true, the adapter answers with the Decision's
// Status and stops; otherwise it calls the next handler.
//
// Deciding allocates nothing. Writing the headers costs one array of the
// response's own when the response gets any: the application (or a
// middleware in front, once a preflight is answered) may write h's values
// in place, and such a write must change this response only.
func Handle(src Source, h http.Header, r *http.Request) Decision {
	var req Request
	req.read(r)
	var d Decision
	decideFrom(src, &req, &d)
	d.writeHeader(h)
	return d
}

// HandleRequest is [Handle] for a server not built on net/http: the
// adapter builds r, the request view (see [Request]), from its own request,
// and HandleRequest decides it with the policy src holds and writes the
// decision's headers to h. When the returned Decision's Answered method
// reports true, the adapter answers with the Decision's Status and stops;
// otherwise it calls the next handler. r is only read, and nothing of it is
// kept once HandleRequest returns, save what h keeps of the strings it is
// given.
func HandleRequest(src Source, h HeaderStore, r *Request) Decision {
	var d Decision
	if r.Path == "" && r.RawPath != "" {
		decodeAndDecide(src, r, &d)
	} else {
		decideFrom(src, r, &d)
	}
	d.writeTo(h)
	return d
}

// pathBuffers hold the paths HandleRequest decodes, for the length of one
// call.
var pathBuffers = sync.Pool{New: func() any { return new([]byte) }}

// decodeAndDecide decides r, whose path is given only as sent (RawPath),
// with Path set to the decoded path for the length of the call: hooks and
// the debug log read it as they read any other Request's.
func decodeAndDecide(src Source, r *Request, d *Decision) {
	sent := r.RawPath
	buf := pathBuffers.Get().(*[]byte)
	*buf = r.decodeSentPath((*buf)[:0])
	decideFrom(src, r, d)
	r.Path, r.RawPath = "", sent
	pathBuffers.Put(buf)
}

// decodeSentPath sets r.Path to r.RawPath, the path as sent, decoded into
// dst as url.URL.Path holds it, and returns dst grown; the caller restores
// r once done with it. A path without escapes, with an invalid one, or
// longer than MaxPathLength is read as sent (RawPath then empty).
func (r *Request) decodeSentPath(dst []byte) []byte {
	decoded, ok := pathrule.AppendUnescaped(dst, r.RawPath)
	if ok {
		r.Path = unsafe.String(unsafe.SliceData(decoded), len(decoded))
	} else {
		r.Path, r.RawPath = r.RawPath, ""
	}
	return decoded
}
