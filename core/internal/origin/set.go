package origin

import (
	"encoding/binary"
	"hash/maphash"
	"iter"
	"strings"
	"unsafe"
)

// A Set is a set of exact origins in normal form ("https://example.com",
// "null"), persistent: With and Without return a new Set and leave the
// receiver unchanged, sharing all but the path to the one leaf they
// change, so that a change costs the same whatever the number of origins,
// and a Set read by requests needs no lock. The zero Set is empty.
//
// It is a hash trie of fanout 8 whose leaves pack up to leafMax origins
// into one string: an origin costs its bytes, 5 more in its leaf and its
// share of the leaf's and the nodes' overhead (about 12 bytes in all at a
// million), and a look-up one hash of the origin's host and a walk of
// about log8(n/4) - 1 nodes of one cache line each, as the root is in the
// Set itself, then one leaf read in place. A change copies those nodes
// (64 bytes each) and its leaf: the fanout and leafMax keep that under a
// kilobyte (about 550 bytes at a million), while a wider root would cost
// its whole width per change. The trie is keyed by a hash of each origin's host first, then of its scheme and
// port, so the origins of one host share a leaf (or a small subtree):
// WithHost finds them without an index of its own.
type Set struct {
	// top is the root node, in place, so that a look-up starts at its
	// children without a load.
	top inner
	n   int
	// nonVerbatim counts the origins a browser never sends as written
	// (whose Parse differs), which MatchVerbatim cannot look up unparsed.
	nonVerbatim int
	// lens has bit n set when an origin n bytes long is in the set, or
	// was: Without leaves the bit, so lens is a superset, which only makes
	// Unmatchable say "look it up" more often. It is shared between the
	// Sets a change derives and copied when With sets a new bit.
	lens *lengthBits
}

type lengthBits [maxOriginLen/64 + 1]uint64

func (b *lengthBits) has(n int) bool {
	return b != nil && n >= 0 && n <= maxOriginLen && b[n/64]&(1<<(n%64)) != 0
}

// An inner node holds its children in place, so that a look-up loads one
// pointer per level, and is 64 bytes: one cache line. A nil kid is an
// empty subtree. A kid is a leaf when its address is odd: it points one
// byte into the string that packs the leaf's origins (see leafRef), while
// an inner node's address is aligned.
type inner struct {
	kids [fanout]unsafe.Pointer
}

// isLeaf reports whether p, a kid that is not nil, is a leaf.
func isLeaf(p unsafe.Pointer) bool { return uintptr(p)&1 != 0 }

// ref is a child as the functions below pass it: a leaf or an *inner, or
// nil. A leaf points into the string that packs its origins (see packLeaf
// and leafRef): the string's length follows from its header, so a leaf
// costs no allocation of its own and a look-up no extra load.
type ref struct {
	p      unsafe.Pointer
	isLeaf bool
}

func (r ref) inner() *inner { return (*inner)(r.p) }
func (r ref) leaf() string  { return leafString(r.p) }

// leafString is the packed leaf p points at; a leaf holds at least one
// origin.
func leafString(p unsafe.Pointer) string {
	p = unsafe.Add(p, -1)
	h := unsafe.String((*byte)(p), 2)
	n := int(h[0]) | int(h[1])<<8
	head := unsafe.String((*byte)(p), 2+5*n)
	return unsafe.String((*byte)(p), 2+5*n+int(leUint32(head, 2+n+4*(n-1))))
}

// leafRef is the leaf s, packed by packLeaf: a pointer to its second byte,
// odd as packLeaf allocates at least minLeafAlloc bytes, which the
// allocator aligns. An interior pointer keeps the string alive as one to
// its start does.
func leafRef(s string) ref {
	return ref{unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), 1), true}
}
func innerRef(in *inner) ref { return ref{unsafe.Pointer(in), false} }
func (in *inner) kid(i int) ref {
	p := in.kids[i]
	return ref{p, p != nil && isLeaf(p)}
}

func (in *inner) setKid(i int, r ref) { in.kids[i] = r.p }

const (
	fanoutBits = 3
	fanout     = 1 << fanoutBits
	// leafMax is the most origins a leaf holds before it splits into an
	// interior node, unless they all have the same key.
	leafMax = 16
	// topShift is where the bits of the first level are in a key.
	topShift = 64 - fanoutBits
	// hostBits are the bits of a key taken from its host's hash; the
	// others come from the scheme and port.
	hostBits = 40
)

// seed makes the trie's shape unpredictable to whoever writes origins, so
// that nobody can fill one leaf on purpose.
var seed = maphash.MakeSeed()

// httpsRest and httpRest are restHash for "https://" and "http://"
// without a port, the common cases, computed once.
var (
	httpsRest = restHash("https://", "")
	httpRest  = restHash("http://", "")
)

func restHash(prefix, port string) uint64 {
	return maphash.String(seed, prefix) ^ (maphash.String(seed, port) * 0x9e3779b97f4a7c15)
}

// hostSpan returns where the host of s starts and ends, if s is an origin
// in normal form; for any other string, an arbitrary but fixed span, as
// only consistency matters to the trie.
func hostSpan(s string) (start, end int) {
	i := strings.IndexByte(s, ':')
	if i < 0 || !strings.HasPrefix(s[i+1:], "//") {
		return 0, len(s)
	}
	start, end = i+3, len(s)
	if start < len(s) && s[start] == '[' {
		if j := strings.IndexByte(s[start:], ']'); j >= 0 {
			end = start + j + 1
		}
	} else {
		// A port has at most 5 digits: look for its ":" near the end
		// only, rather than along the whole host.
		for j := len(s) - 1; j >= start && j >= len(s)-6; j-- {
			if s[j] == ':' {
				return start, j
			}
		}
	}
	return start, end
}

// keyOf is s's position in the trie and the tag byte a leaf keeps to skip
// most comparisons.
func keyOf(s string) (key uint64, tag byte) {
	start, end := hostSpan(s)
	h := maphash.String(seed, s[start:end])
	var rest uint64
	switch {
	case end != len(s):
		rest = restHash(s[:start], s[end:])
	case start == len("https://") && s[:start] == "https://":
		rest = httpsRest
	case start == len("http://") && s[:start] == "http://":
		rest = httpRest
	default:
		rest = restHash(s[:start], "")
	}
	const low = 1<<(64-hostBits) - 1
	return h&^low | rest&low, byte(h) ^ byte(rest>>56)
}

// hostKey is the part of keyOf that depends on the host alone, and the
// number of trie levels it decides.
func hostKey(host string) (uint64, int) {
	return maphash.String(seed, host), hostBits / fanoutBits
}

func slot(key uint64, depth int) int {
	return int(key >> (topShift - fanoutBits*depth) & (fanout - 1))
}

// maxDepth is the depth whose leaves cannot split: the key has no bits
// left for another level.
const maxDepth = topShift/fanoutBits + 1

// Leaf layout: n as uint16, then n tags, then n end offsets as uint32
// (into the data after them), then the origins' bytes, one after another.

func leafLen(l string) int {
	if l == "" {
		return 0
	}
	return int(l[0]) | int(l[1])<<8
}

// leafAt returns the i-th origin of a leaf of n origins.
func leafAt(l string, n, i int) string {
	ends := 2 + n
	data := ends + 4*n
	start := 0
	if i > 0 {
		start = int(leUint32(l, ends+4*(i-1)))
	}
	return l[data+start : data+int(leUint32(l, ends+4*i))]
}

func leUint32(s string, i int) uint32 {
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

// leafFind returns the index of s in a leaf, or -1.
func leafFind(l string, tag byte, s string) int {
	n := leafLen(l)
	tags := l[2 : 2+n]
	for i := 0; i < n; i++ {
		if tags[i] == tag && leafAt(l, n, i) == s {
			return i
		}
	}
	return -1
}

// leafHas is leafFind(leafString(p), tag, s) >= 0 for the look-up, which
// reads the leaf's header and the one origin its tag points to only.
func leafHas(p unsafe.Pointer, tag byte, s string) bool {
	p = unsafe.Add(p, -1)
	n := int(*(*byte)(p)) | int(*(*byte)(unsafe.Add(p, 1)))<<8
	for i := 0; i < n; i++ {
		if *(*byte)(unsafe.Add(p, 2+i)) != tag {
			continue
		}
		ends := unsafe.String((*byte)(unsafe.Add(p, 2+n)), 4*n)
		start := 0
		if i > 0 {
			start = int(leUint32(ends, 4*(i-1)))
		}
		end := int(leUint32(ends, 4*i))
		if end-start == len(s) && unsafe.String((*byte)(unsafe.Add(p, 2+5*n+start)), len(s)) == s {
			return true
		}
	}
	return false
}

// packLeaf packs origins into a leaf.
func packLeaf(origins []string) string {
	return packLeafTagged(origins, func(i int) byte {
		_, tag := keyOf(origins[i])
		return tag
	})
}

// packLeafTagged is packLeaf given the tag of each origin.
func packLeafTagged(origins []string, tag func(int) byte) string {
	size := 2 + 5*len(origins)
	for _, s := range origins {
		size += len(s)
	}
	var b strings.Builder
	writeLeafLen(&b, size, len(origins))
	for i := range origins {
		b.WriteByte(tag(i))
	}
	var end [4]byte
	n := 0
	for _, s := range origins {
		n += len(s)
		binary.LittleEndian.PutUint32(end[:], uint32(n))
		b.Write(end[:])
	}
	for _, s := range origins {
		b.WriteString(s)
	}
	return b.String()
}

// minLeafAlloc is the least a leaf allocates: the allocator packs smaller
// objects without alignment, and leafRef needs an even address.
const minLeafAlloc = 16

// writeLeafLen starts a leaf of n origins: it allocates size bytes, at
// least minLeafAlloc, and writes n.
func writeLeafLen(b *strings.Builder, size, n int) {
	if n >= 1<<16 {
		panic("origin: too many origins of one key for a leaf")
	}
	b.Grow(max(size, minLeafAlloc))
	b.WriteByte(byte(n))
	b.WriteByte(byte(n >> 8))
}

// leafWith is leaf l with origin, whose tag is tag, added at its end.
func leafWith(l string, tag byte, origin string) string {
	n := leafLen(l)
	ends, data := 2+n, 2+5*n
	var b strings.Builder
	writeLeafLen(&b, len(l)+5+len(origin), n+1)
	b.WriteString(l[2:ends])
	b.WriteByte(tag)
	b.WriteString(l[ends:data])
	var end [4]byte
	binary.LittleEndian.PutUint32(end[:], uint32(len(l)-data+len(origin)))
	b.Write(end[:])
	b.WriteString(l[data:])
	b.WriteString(origin)
	return b.String()
}

// leafWithout is leaf l without its j-th origin; l holds another.
func leafWithout(l string, j int) string {
	n := leafLen(l)
	ends, data := 2+n, 2+5*n
	start := 0
	if j > 0 {
		start = int(leUint32(l, ends+4*(j-1)))
	}
	stop := int(leUint32(l, ends+4*j))
	var b strings.Builder
	writeLeafLen(&b, len(l)-5-(stop-start), n-1)
	b.WriteString(l[2 : 2+j])
	b.WriteString(l[2+j+1 : ends])
	b.WriteString(l[ends : ends+4*j])
	var end [4]byte
	for i := j + 1; i < n; i++ {
		binary.LittleEndian.PutUint32(end[:], leUint32(l, ends+4*i)-uint32(stop-start))
		b.Write(end[:])
	}
	b.WriteString(l[data : data+start])
	b.WriteString(l[data+stop:])
	return b.String()
}

func leafOrigins(l string) []string {
	n := leafLen(l)
	out := make([]string, n)
	for i := range out {
		out[i] = leafAt(l, n, i)
	}
	return out
}

// Len returns the number of origins in the set.
func (s *Set) Len() int { return s.n }

// Has reports whether origin is in the set, byte for byte.
func (s *Set) Has(origin string) bool {
	key, tag := keyOf(origin)
	in := &s.top
	for depth := 0; ; depth++ {
		i := slot(key, depth)
		p := in.kids[i]
		switch {
		case p == nil:
			return false
		case isLeaf(p):
			return leafHas(p, tag, origin)
		}
		in = (*inner)(p)
	}
}

// MayHaveLength reports whether the set may hold an origin n bytes long;
// false is certain.
func (s *Set) MayHaveLength(n int) bool { return s.lens.has(n) }

// Verbatim reports whether every origin in the set is written as browsers
// send it.
func (s *Set) Verbatim() bool { return s.nonVerbatim == 0 }

func verbatim(origin string) bool {
	o, ok := Parse(origin)
	return ok && o.norm == origin
}

// With returns the set with origin added, and whether it was not there.
// origin must be in normal form, as Pattern's key gives it.
func (s Set) With(origin string) (Set, bool) {
	key, tag := keyOf(origin)
	i := slot(key, 0)
	kid, added := with(s.top.kid(i), key, tag, origin, 1)
	if !added {
		return s, false
	}
	s.top.setKid(i, kid)
	s.n++
	if !verbatim(origin) {
		s.nonVerbatim++
	}
	if n := len(origin); n <= maxOriginLen && !s.lens.has(n) {
		lens := new(lengthBits)
		if s.lens != nil {
			*lens = *s.lens
		}
		lens[n/64] |= 1 << (n % 64)
		s.lens = lens
	}
	return s, true
}

func with(nd ref, key uint64, tag byte, origin string, depth int) (ref, bool) {
	switch {
	case nd.p == nil:
		return leafRef(packLeaf([]string{origin})), true
	case !nd.isLeaf:
		i := slot(key, depth)
		kid, added := with(nd.inner().kid(i), key, tag, origin, depth+1)
		if !added {
			return nd, false
		}
		in := *nd.inner()
		in.setKid(i, kid)
		return innerRef(&in), true
	}
	l := nd.leaf()
	if leafFind(l, tag, origin) >= 0 {
		return nd, false
	}
	if leafLen(l) < leafMax {
		return leafRef(leafWith(l, tag, origin)), true
	}
	return build(append(leafOrigins(l), origin), depth), true
}

// Without returns the set without origin, and whether it was there.
func (s Set) Without(origin string) (Set, bool) {
	key, tag := keyOf(origin)
	i := slot(key, 0)
	kid, removed := without(s.top.kid(i), key, tag, origin, 1)
	if !removed {
		return s, false
	}
	s.top.setKid(i, kid)
	s.n--
	if !verbatim(origin) {
		s.nonVerbatim--
	}
	return s, true
}

func without(nd ref, key uint64, tag byte, origin string, depth int) (ref, bool) {
	switch {
	case nd.p == nil:
		return ref{}, false
	case !nd.isLeaf:
		i := slot(key, depth)
		kid, removed := without(nd.inner().kid(i), key, tag, origin, depth+1)
		if !removed {
			return nd, false
		}
		in := *nd.inner()
		in.setKid(i, kid)
		// A node left with one leaf is that leaf: a leaf may sit at any
		// depth on its origins' path, as a look-up stops at the first.
		only, count := ref{}, 0
		for j := range fanout {
			if k := in.kid(j); k.p != nil {
				only, count = k, count+1
			}
		}
		switch {
		case count == 0:
			return ref{}, true
		case count == 1 && only.isLeaf:
			return only, true
		}
		return innerRef(&in), true
	}
	l := nd.leaf()
	j := leafFind(l, tag, origin)
	switch {
	case j < 0:
		return nd, false
	case leafLen(l) == 1:
		return ref{}, true
	}
	return leafRef(leafWithout(l, j)), true
}

// NewSet returns the set of origins, each in normal form; duplicates count
// once. It builds the trie in one pass, without the garbage of adding one
// origin at a time.
func NewSet(origins []string) Set {
	var s Set
	if len(origins) == 0 {
		return s
	}
	items := make([]keyed, len(origins))
	for i, o := range origins {
		items[i].key, items[i].tag = keyOf(o)
		items[i].origin = o
	}
	s.top = *splitKeyed(items, make([]keyed, len(items)), 0)
	lens := new(lengthBits)
	for o := range s.All() {
		s.n++
		if !verbatim(o) {
			s.nonVerbatim++
		}
		if n := len(o); n <= maxOriginLen {
			lens[n/64] |= 1 << (n % 64)
		}
	}
	s.lens = lens
	return s
}

type keyed struct {
	key    uint64
	tag    byte
	origin string
}

// build is the subtree at depth holding origins, which have no
// duplicates.
func build(origins []string, depth int) ref {
	if len(origins) <= leafMax {
		return leafRef(packLeaf(origins))
	}
	items := make([]keyed, len(origins))
	for i, o := range origins {
		items[i].key, items[i].tag = keyOf(o)
		items[i].origin = o
	}
	return buildKeyed(items, make([]keyed, len(items)), depth)
}

// buildKeyed builds the subtree at depth holding items, dropping
// duplicates, with tmp as scratch space of the same length.
func buildKeyed(items, tmp []keyed, depth int) ref {
	if len(items) == 0 {
		return ref{}
	}
	if len(items) <= leafMax || depth >= maxDepth || sameKey(items) {
		kept := items[:0]
		for _, it := range items {
			dup := false
			for _, k := range kept {
				if k.key == it.key && k.origin == it.origin {
					dup = true
					break
				}
			}
			if !dup {
				kept = append(kept, it)
			}
		}
		origins := make([]string, len(kept))
		for i, k := range kept {
			origins[i] = k.origin
		}
		return leafRef(packLeafTagged(origins, func(i int) byte { return kept[i].tag }))
	}
	return innerRef(splitKeyed(items, tmp, depth))
}

// splitKeyed builds the inner node at depth holding items, as buildKeyed
// does, whatever their number: a counting sort on this level's bits, then
// one subtree per slot.
func splitKeyed(items, tmp []keyed, depth int) *inner {
	var start [fanout + 1]int
	for _, it := range items {
		start[slot(it.key, depth)+1]++
	}
	for i := 1; i <= fanout; i++ {
		start[i] += start[i-1]
	}
	next := start
	for _, it := range items {
		i := slot(it.key, depth)
		tmp[next[i]] = it
		next[i]++
	}
	copy(items, tmp)
	in := new(inner)
	for i := range fanout {
		in.setKid(i, buildKeyed(items[start[i]:start[i+1]], tmp[start[i]:start[i+1]], depth+1))
	}
	return in
}

func sameKey(items []keyed) bool {
	for _, it := range items[1:] {
		if it.key != items[0].key {
			return false
		}
	}
	return true
}

// All yields every origin of the set, in no particular order.
func (s *Set) All() iter.Seq[string] {
	return func(yield func(string) bool) { walk(innerRef(&s.top), yield) }
}

func walk(nd ref, yield func(string) bool) bool {
	switch {
	case nd.p == nil:
		return true
	case !nd.isLeaf:
		for i := range fanout {
			if !walk(nd.inner().kid(i), yield) {
				return false
			}
		}
		return true
	}
	l := nd.leaf()
	n := leafLen(l)
	for i := 0; i < n; i++ {
		if !yield(leafAt(l, n, i)) {
			return false
		}
	}
	return true
}

// WithHost returns the origins of the set whose host is host, e.g.
// "https://example.com" and "http://example.com:8080" for "example.com".
// Its cost is that of the subtree their host's hash leads to, which holds
// them and few others, whatever the size of the set.
func (s *Set) WithHost(host string) []string {
	key, levels := hostKey(host)
	nd := innerRef(&s.top)
	for depth := 0; nd.p != nil && !nd.isLeaf && depth < levels; depth++ {
		nd = nd.inner().kid(slot(key, depth))
	}
	var out []string
	walk(nd, func(o string) bool {
		if start, end := hostSpan(o); o[start:end] == host && start > 0 {
			out = append(out, o)
		}
		return true
	})
	return out
}
