package core_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readFuzzInput reads a corpus file of FuzzDecide ("go test fuzz v1"
// followed by one value a line).
func readFuzzInput(file string) (fuzzInput, bool) {
	f, err := os.Open(file)
	if err != nil {
		return fuzzInput{}, false
	}
	defer f.Close()
	var vals []string
	var flags uint8
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "string("):
			v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"))
			if err != nil {
				return fuzzInput{}, false
			}
			vals = append(vals, v)
		case strings.HasPrefix(line, "byte("):
			v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "byte("), ")"))
			if err != nil || len([]rune(v)) != 1 {
				return fuzzInput{}, false
			}
			flags = uint8([]rune(v)[0])
		}
	}
	if len(vals) != 7 {
		return fuzzInput{}, false
	}
	return fuzzInput{vals[0], vals[1], flags, vals[2], vals[3], vals[4], vals[5], vals[6]}, true
}

// BenchmarkFuzzDecideCorpus runs FuzzDecide's body over its stored corpus
// (testdata and, when FUZZ_CORPUS names it, the fuzz cache's directory), to
// profile the target itself: go test -run '^$' -bench FuzzDecideCorpus
// -cpuprofile cpu.out.
func BenchmarkFuzzDecideCorpus(b *testing.B) {
	files, _ := filepath.Glob("testdata/fuzz/FuzzDecide/*")
	if dir := os.Getenv("FUZZ_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, more...)
	}
	var inputs []fuzzInput
	for _, f := range files {
		if in, ok := readFuzzInput(f); ok {
			inputs = append(inputs, in)
		}
	}
	if len(inputs) == 0 {
		b.Skip("no corpus")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			fuzzDecide(b, in)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(inputs)), "ns/input")
}
