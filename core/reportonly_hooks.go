package core

import (
	"net/http"
	"unsafe"
)

// A hookMemo remembers, for one request decided by a report-only Source,
// what each CheckRequest hook answered, so that a hook the enforced and
// the candidate policies share runs once: the candidate reads the answer
// the enforced policy's call gave. A hook is known by its function value
// (the closure, or the function), never by what it does: two closures
// made by one function are two hooks. The memo holds maxMemoHooks
// answers; a request that runs more distinct hooks calls the rest as
// usual.
type hookMemo struct {
	on      bool // deciding under ReportOnly: remember and reuse
	n       uint8
	answers uint8 // bit i: hook i answered true
	hooks   [maxMemoHooks]unsafe.Pointer
}

// maxMemoHooks is how many hooks' answers a hookMemo holds.
const maxMemoHooks = 8

// hookID is what identifies a hook's function value: the closure it
// points to. The collector does not move objects, so it stays the same
// for the life of the value.
func hookID(h func(*http.Request) bool) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&h))
}

// run calls hooks in order until one returns true, as Policy.runHooks
// does, answering a hook already called for this request from the memo
// and remembering the answers of the others while there is room.
func (m *hookMemo) run(hooks []func(*http.Request) bool, r *http.Request) bool {
	for _, h := range hooks {
		id := hookID(h)
		known := false
		for i := range m.n {
			if m.hooks[i] == id {
				if m.answers&(1<<i) != 0 {
					return true
				}
				known = true
				break
			}
		}
		if known {
			continue
		}
		ok := h(r)
		if m.n < maxMemoHooks {
			if ok {
				m.answers |= 1 << m.n
			}
			m.hooks[m.n] = id
			m.n++
		}
		if ok {
			return true
		}
	}
	return false
}
