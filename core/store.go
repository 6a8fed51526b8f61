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
// any earlier value. For a store other than http.Header it allocates
// nothing of its own.
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
	p := d.policy
	if d.grants&grantVaryActual != 0 {
		mergeVaryStore(h, p.varyActual[0])
	}
	if d.allowOrigin == nil {
		return
	}
	setLines(h, "Access-Control-Allow-Origin", d.allowOrigin)
	if d.grants&grantCredentials != 0 {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if d.grants&grantExposeHeaders != 0 && p.exposeHeaders != nil {
		setLines(h, "Access-Control-Expose-Headers", p.exposeHeaders)
	}
	if d.echoMethod != nil {
		setLines(h, "Access-Control-Allow-Methods", d.echoMethod)
	} else if d.grants&grantAllowMethods != 0 && p.allowMethods != nil {
		setLines(h, "Access-Control-Allow-Methods", p.allowMethods)
	}
	if d.echoHeaders != nil {
		setLines(h, "Access-Control-Allow-Headers", d.echoHeaders)
	} else if d.grants&grantAllowHeaders != 0 && p.allowHeaders != nil {
		setLines(h, "Access-Control-Allow-Headers", p.allowHeaders)
	}
	if d.grants&grantMaxAge != 0 && p.maxAge != nil {
		setLines(h, "Access-Control-Max-Age", p.maxAge)
	}
	if d.grants&grantPrivateNetwork != 0 {
		h.Set("Access-Control-Allow-Private-Network", "true")
	}
}

// setLines makes lines the values of the header name in h.
func setLines(h HeaderStore, name string, lines []string) {
	h.Set(name, lines[0])
	for _, l := range lines[1:] {
		h.Add(name, l)
	}
}

// mergeVaryStore is mergeVary for a HeaderStore: it adds to h's Vary the
// names in add (one comma-separated value) that its first line does not
// list, as lines of their own. A store's Get reads the first line only; a
// name listed on a later line is then added again, which changes nothing
// for a cache.
func mergeVaryStore(h HeaderStore, add string) {
	old := [1]string{h.Get("Vary")}
	if old[0] == "" {
		h.Set("Vary", add)
		return
	}
	if listHas(old[:], "*") {
		return
	}
	// Every name is looked up before the first Add, as old may share the
	// store's memory. add names at most four headers.
	var missing uint8
	for i, name := range varyNames(add) {
		if name != "" && !listHas(old[:], name) {
			missing |= 1 << i
		}
	}
	for i, name := range varyNames(add) {
		if missing&(1<<i) != 0 {
			h.Add("Vary", name)
		}
	}
}

// varyNames splits add, one of the policy's Vary values, into its (at most
// eight) names.
func varyNames(add string) [8]string {
	var names [8]string
	for i := 0; add != "" && i < len(names); i++ {
		name := add
		if j := indexComma(add); j >= 0 {
			name, add = add[:j], add[j+1:]
		} else {
			add = ""
		}
		names[i] = trimOWS(name)
	}
	return names
}

func indexComma(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return i
		}
	}
	return -1
}
