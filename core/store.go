package core

import "net/http"

// A HeaderStore is a response's header as a server not built on net/http
// holds it, such as fasthttp's ResponseHeader (wrapped by fiberadapter): the
// few operations [Decision.ApplyTo] needs. [http.Header] is one too, and
// ApplyTo writes it as [Decision.Apply] does.
//
// Get returns the first value of the header name, or "" if there is none;
// the string is only read, before any Set or Add. Set replaces every value
// of name with value; Add adds value as one more line. The store copies
// the strings it is given or keeps them: they are either the policy's, which
// never change, or the request's own values.
type HeaderStore interface {
	Get(name string) string
	Set(name, value string)
	Add(name, value string)
}

// ApplyTo writes the decision's headers to h, as Apply does to an
// http.Header: Vary is merged with what h already holds (the names it lacks
// are added, nothing is added to "*"), the Access-Control-* headers replace
// any earlier value. An http.Header gets its values as Apply gives them, in
// an array of the response's own. A store other than http.Header is handed
// strings only, never a slice it could write into; ApplyTo allocates
// nothing of its own then, and a store that copies them into buffers of
// the response's own, as fasthttp does, shares no memory with the policy
// or with other responses.
func (d Decision) ApplyTo(h HeaderStore) { applyTo(&d, h) }

// HandleRequest is [Handle] for a server not built on net/http: the
// adapter builds r, the request view (see [Request]), from its own request,
// and HandleRequest decides it with the policy src holds and writes the
// decision's headers to h. When the returned Decision's Preflight method
// reports true, the adapter answers with the Decision's Status and stops;
// otherwise it calls the next handler. r is only read, and nothing of it is
// kept once HandleRequest returns, save what h keeps of the strings it is
// given.
func HandleRequest(src Source, h HeaderStore, r *Request) Decision {
	var d Decision
	src.Policy().decideInto(r, &d)
	applyTo(&d, h)
	return d
}

func applyTo(d *Decision, h HeaderStore) {
	if hh, ok := h.(http.Header); ok {
		applyDecision(d, hh)
		return
	}
	if d.grants&grantVaryActual != 0 {
		mergeVaryStore(h, d.policy.varyActual)
	}
	if d.allowOrigin != nil {
		d.eachHeader(func(name string, lines []string) { setLines(h, name, lines) })
	}
}

// setLines makes lines the values of the header name in h.
func setLines(h HeaderStore, name string, lines []string) {
	h.Set(name, lines[0])
	for _, l := range lines[1:] {
		h.Add(name, l)
	}
}

// mergeVaryStore is Apply's Vary merge for a HeaderStore: it adds to h's
// Vary the names (at most eight) that its first line does not list, as lines of
// their own. A store's Get reads the first line only; a name listed on a
// later line is then added again, which changes nothing for a cache.
func mergeVaryStore(h HeaderStore, names []string) {
	old := [1]string{h.Get("Vary")}
	if old[0] == "" {
		setLines(h, "Vary", names)
		return
	}
	if listHas(old[:], "*") {
		return
	}
	// Every name is looked up before the first Add, as old may share the
	// store's memory.
	var missing uint8
	for i, name := range names {
		if !listHas(old[:], name) {
			missing |= 1 << i
		}
	}
	for i, name := range names {
		if missing&(1<<i) != 0 {
			h.Add("Vary", name)
		}
	}
}
