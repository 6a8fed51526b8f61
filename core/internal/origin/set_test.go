package origin

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// setOrigins is a sample of n distinct origins in normal form, with hosts
// that repeat under other schemes and ports.
func setOrigins(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		host := fmt.Sprintf("tenant-%d.example.com", i/3)
		switch i % 3 {
		case 0:
			out = append(out, "https://"+host)
		case 1:
			out = append(out, "http://"+host+":8080")
		default:
			out = append(out, "https://"+host+":8443")
		}
	}
	return out
}

func sortedAll(s *Set) []string {
	var out []string
	for o := range s.All() {
		out = append(out, o)
	}
	slices.Sort(out)
	return out
}

// TestSetAgainstMap: random additions and removals give the set a map
// gives, every earlier version stays as it was, and NewSet builds the same
// set as adding one origin at a time.
func TestSetAgainstMap(t *testing.T) {
	pool := setOrigins(3000)
	pool = append(pool, "null", "file://", "http://[::1]:3000")
	rng := rand.New(rand.NewPCG(1, 2))
	var s Set
	want := map[string]bool{}
	type version struct {
		set  Set
		want []string
	}
	var versions []version
	for step := range 20000 {
		o := pool[rng.IntN(len(pool))]
		if rng.IntN(3) == 0 {
			var removed bool
			s, removed = s.Without(o)
			check.Require.Equal(t, want[o], removed, "Without(%q)", o)
			delete(want, o)
		} else {
			var added bool
			s, added = s.With(o)
			check.Require.Equal(t, !want[o], added, "With(%q)", o)
			want[o] = true
		}
		check.Require.Equal(t, len(want), s.Len())
		if step%997 == 0 {
			versions = append(versions, version{s, sortedAll(&s)})
		}
	}
	for _, o := range pool {
		check.Assert.Equal(t, want[o], s.Has(o), "Has(%q)", o)
	}
	var keys []string
	for o := range want {
		keys = append(keys, o)
	}
	slices.Sort(keys)
	check.Assert.Equal(t, keys, sortedAll(&s))
	for i, v := range versions {
		check.Assert.Equal(t, v.want, sortedAll(&v.set), "version %d changed", i)
	}
	built := NewSet(append(slices.Clone(keys), keys[:100]...)) // duplicates count once
	check.Assert.Equal(t, keys, sortedAll(&built))
	check.Assert.Equal(t, len(keys), built.Len())
	for _, o := range pool {
		check.Assert.Equal(t, want[o], built.Has(o), "NewSet: Has(%q)", o)
	}
}

// TestSetWithHost: the origins of one host are found whatever the other
// origins, also when one host has more origins than a leaf holds.
func TestSetWithHost(t *testing.T) {
	origins := setOrigins(5000)
	for port := 1000; port < 1100; port++ {
		origins = append(origins, fmt.Sprintf("http://localhost:%d", port))
	}
	origins = append(origins, "https://localhost", "null")
	s := NewSet(origins)
	got := s.WithHost("localhost")
	check.Assert.Equal(t, 101, len(got))
	got = s.WithHost("tenant-7.example.com")
	slices.Sort(got)
	check.Assert.Equal(t, []string{"http://tenant-7.example.com:8080", "https://tenant-7.example.com", "https://tenant-7.example.com:8443"}, got)
	check.Assert.Equal(t, 0, len(s.WithHost("example.com")))
	check.Assert.Equal(t, 0, len(s.WithHost("null")))

	s2, _ := s.Without("https://tenant-7.example.com")
	check.Assert.Equal(t, 2, len(s2.WithHost("tenant-7.example.com")))
	check.Assert.Equal(t, 3, len(s.WithHost("tenant-7.example.com")), "the earlier set keeps it")
}

// TestSetLengths: a length is known once an origin of that length is
// added, so Unmatchable never refuses an origin added later; a removal may
// leave its length known (a superset is safe).
func TestSetLengths(t *testing.T) {
	m := NewMatcher(mustPatterns(t, "https://a.io"))
	check.Assert.True(t, m.Unmatchable("https://app.example.com"))
	p := mustPatterns(t, "https://app.example.com")
	m2 := m.With(p, nil)
	check.Assert.True(t, !m2.Unmatchable("https://app.example.com"))
	check.Assert.Equal(t, Exact, m2.MatchVerbatim("https://app.example.com"))
	check.Assert.True(t, m.Unmatchable("https://app.example.com"), "the earlier matcher is unchanged")
	m3 := m2.With(nil, p)
	check.Assert.Equal(t, -1, m3.MatchVerbatim("https://app.example.com"))
	o, _ := Parse("https://app.example.com")
	check.Assert.Equal(t, -1, m3.Match(&o, false))
}

// TestMatcherWith: patterns and exact origins come and go; a non-verbatim
// key turns MatchVerbatim off until it is removed.
func TestMatcherWith(t *testing.T) {
	m := NewMatcher(mustPatterns(t, "https://a.example", "http://localhost:*"))
	m2 := m.With(mustPatterns(t, "https://*.example.org", "https://b.example"), mustPatterns(t, "http://localhost:*", "https://c.example"))
	o, _ := Parse("https://x.example.org")
	check.Assert.Equal(t, 0, m2.Match(&o, false))
	check.Assert.Equal(t, "https://*.example.org", m2.Pattern(0).String())
	o, _ = Parse("http://localhost:1")
	check.Assert.Equal(t, -1, m2.Match(&o, false))
	check.Assert.Equal(t, 0, m.Match(&o, false), "the earlier matcher is unchanged")
	check.Assert.Equal(t, Exact, m2.MatchVerbatim("https://b.example"))

	odd := Pattern{Scheme: "https", Host: "B.example"}
	m3 := m2.With([]Pattern{odd}, nil)
	check.Assert.Equal(t, -1, m3.MatchVerbatim("https://b.example"), "a key in another form turns the verbatim look-up off")
	m4 := m3.With(nil, []Pattern{odd})
	check.Assert.Equal(t, Exact, m4.MatchVerbatim("https://b.example"))
}

// TestSetCollidingKeys: origins whose keys are equal (built by hand, as
// the hash cannot be made to collide) share one leaf, however many.
func TestSetCollidingKeys(t *testing.T) {
	items := make([]keyed, 3*leafMax)
	for i := range items {
		items[i] = keyed{key: 42, origin: fmt.Sprintf("https://h%d.example", i)}
	}
	nd := buildKeyed(items, make([]keyed, len(items)), 0)
	check.Require.True(t, nd.isLeaf, "one leaf")
	check.Assert.Equal(t, 3*leafMax, leafLen(nd.leaf()))
}

// TestPlainASCIIHostIsIDNA: the hosts ParsePattern reads without IDNA are
// those IDNA leaves as they are, without error.
func TestPlainASCIIHostIsIDNA(t *testing.T) {
	for _, h := range []string{
		"example.com", "a-b.example", "my_app.local", "r3---sn-abc.example", "1.2.3.4", "a..b", "a.", ".a", "-a-.b",
		"xn--izmir-7fd.example", "a.xn--izmir-7fd", "xn--", "axn--b.example", "xn-a.example", "Example.com", "bücher.example", "a b",
	} {
		if !plainASCIIHost(h) {
			continue
		}
		ascii, err := urlIDNA.ToASCII(h)
		check.Assert.True(t, err == nil && ascii == h, "%q read as plain, IDNA gives %q, %v", h, ascii, err)
	}
	check.Assert.True(t, !plainASCIIHost("xn--izmir-7fd.example") && !plainASCIIHost("a.xn--b") && !plainASCIIHost("Example.com"))
}

// TestPatternKey: Key is the normal form, whatever the entry's spelling.
func TestPatternKey(t *testing.T) {
	for _, s := range []string{"https://a.example", "HTTPS://A.example", "https://a.example:443", "http://a.example:8080", "http://[::1]:3000", "http://[0:0::1]:3000", "null", "file://"} {
		p, _, _, ok := ParsePattern(s, false)
		check.Require.True(t, ok, "%q", s)
		check.Assert.Equal(t, p.key(), p.Key(s), "%q", s)
	}
}

// TestLeafWithWithout: adding an origin to a packed leaf, or removing one,
// gives the leaf packing the new list gives, and a leaf's address tells
// it from an inner node, however short or many its origins.
func TestLeafWithWithout(t *testing.T) {
	origins := setOrigins(leafMax)
	for n := 1; n < len(origins); n++ {
		l := packLeaf(origins[:n])
		check.Assert.True(t, isLeaf(leafRef(l).p), "a leaf of %d", n)
		check.Assert.Equal(t, l, leafString(leafRef(l).p), "the leaf's length from its header")
		_, tag := keyOf(origins[n])
		check.Assert.Equal(t, packLeaf(origins[:n+1]), leafWith(l, tag, origins[n]), "%d plus one", n)
		if n == 1 {
			continue
		}
		for j := range n {
			rest := slices.Delete(slices.Clone(origins[:n]), j, j+1)
			check.Assert.Equal(t, packLeaf(rest), leafWithout(l, j), "%d without the %dth", n, j)
		}
	}
	// The shortest leaves ("null" alone) are still told from inner nodes,
	// in a set of any size.
	for _, short := range []string{"null", "file://"} {
		check.Assert.True(t, isLeaf(leafRef(packLeaf([]string{short})).p), "%q alone", short)
		s := NewSet(append(setOrigins(1000), short))
		s2, _ := NewSet(setOrigins(1000)).With(short)
		check.Assert.True(t, s.Has(short) && s2.Has(short), "%q in a large set", short)
	}
	in := &inner{}
	in.setKid(0, leafRef(packLeaf(origins[:1])))
	check.Assert.True(t, !isLeaf(unsafe.Pointer(in)), "an inner node starting with a kid")
	check.Assert.True(t, !isLeaf(unsafe.Pointer(&inner{})), "an inner node starting with nil")
}
