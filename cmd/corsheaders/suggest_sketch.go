package main

import (
	"hash/maphash"
	"math"
	"math/bits"
)

// originStats is what suggest keeps of one origin.
type originStats struct {
	origin string
	// count is how many lines carried the origin; in a sketch, an upper
	// bound, over by at most overcount.
	count     uint64
	overcount uint64
	// crossSite and sameSite count the lines whose Sec-Fetch-Site said
	// so, preflights the preflights seen: a browser's evidence, counted
	// since the origin was kept.
	crossSite, sameSite, preflights uint64
	// granted counts the lines the current policy granted.
	granted uint64
	// clients are hashes of the distinct clients (address and user
	// agent) seen, up to len(clients); moreClients says there were more.
	clients     [maxClients]uint64
	nClients    uint8
	moreClients bool
}

// maxClients bounds the distinct clients counted per origin: enough to
// tell one curl loop from a population of browsers.
const maxClients = 8

func (s *originStats) addClient(h uint64) {
	if h == 0 {
		return
	}
	for _, c := range s.clients[:s.nClients] {
		if c == h {
			return
		}
	}
	if int(s.nClients) == len(s.clients) {
		s.moreClients = true
		return
	}
	s.clients[s.nClients] = h
	s.nClients++
}

// merge adds o's counts into s.
func (s *originStats) merge(o *originStats) {
	s.count += o.count
	s.overcount += o.overcount
	s.crossSite += o.crossSite
	s.sameSite += o.sameSite
	s.preflights += o.preflights
	s.granted += o.granted
	for _, c := range o.clients[:o.nClients] {
		s.addClient(c)
	}
	s.moreClients = s.moreClients || o.moreClients
}

// A sketch keeps the k most frequent origins of a stream in fixed memory
// (Space-Saving, Metwally et al. 2005): a new origin, when the sketch is
// full, takes the place of the least counted one and inherits its count
// as overcount, so a count is never under the truth and is over it by at
// most overcount. Origins seen more than n/k times in n lines are always
// kept; evicted counts the origins that lost their place.
type sketch struct {
	k       int
	index   map[string]int // origin → position in heap
	heap    []*originStats // min-heap by count
	evicted uint64
}

func newSketch(k int) *sketch {
	return &sketch{k: k, index: make(map[string]int, k), heap: make([]*originStats, 0, k)}
}

// add counts one line carrying origin and returns its stats, to update.
func (s *sketch) add(origin string) *originStats {
	if i, ok := s.index[origin]; ok {
		st := s.heap[i]
		st.count++
		s.down(i)
		return st
	}
	if len(s.heap) < s.k {
		st := &originStats{origin: origin, count: 1}
		s.heap = append(s.heap, st)
		s.index[origin] = len(s.heap) - 1
		s.up(len(s.heap) - 1)
		return st
	}
	// Replace the least counted origin, reusing its memory.
	st := s.heap[0]
	delete(s.index, st.origin)
	s.evicted++
	min := st.count
	*st = originStats{origin: origin, count: min + 1, overcount: min}
	s.index[origin] = 0
	s.down(0)
	return st
}

func (s *sketch) less(i, j int) bool { return s.heap[i].count < s.heap[j].count }

func (s *sketch) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.index[s.heap[i].origin] = i
	s.index[s.heap[j].origin] = j
}

func (s *sketch) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *sketch) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

// hll estimates the number of distinct hashes added, within about 0.8%
// (standard error; 2^14 registers, 16 KiB).
type hll struct {
	reg [1 << hllBits]uint8
}

const hllBits = 14

func (h *hll) add(x uint64) {
	i := x >> (64 - hllBits)
	rank := uint8(bits.LeadingZeros64(x<<hllBits|1<<(hllBits-1)) + 1)
	if rank > h.reg[i] {
		h.reg[i] = rank
	}
}

func (h *hll) estimate() uint64 {
	const m = float64(1 << hllBits)
	sum, zeros := 0.0, 0
	for _, r := range h.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(m/float64(zeros)) // linear counting for small sets
	}
	return uint64(est + 0.5)
}

// hashSeed is fixed for the run: hashes only key the estimate and the
// client sets, never anything an input could aim at across runs.
var hashSeed = maphash.MakeSeed()

func hashString(s string) uint64 { return maphash.String(hashSeed, s) }
