package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/corsheaders/corsheaders/core/corsconf"
)

// A problem is one configuration problem, as validate --json prints it.
type problem struct {
	File    string `json:"file,omitempty"`
	Name    string `json:"name"`
	Index   *int   `json:"index,omitempty"`
	Value   string `json:"value"`
	Problem string `json:"problem"`
	Fix     string `json:"fix"`
}

type validation struct {
	Valid    bool      `json:"valid"`
	Source   string    `json:"source"`
	Given    []string  `json:"given"`
	Problems []problem `json:"problems"`
	Notes    []string  `json:"notes"`
}

func runValidate(args, environ []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "(--config cors.json | --env [--prefix P]) [--json]", stderr)
	var src source
	src.register(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "corsheaders validate: unexpected argument %q; give the file with --config\n", pos[0])
		return exitUsage
	}
	set, problems, err := src.load(environ)
	if err != nil {
		fmt.Fprintln(stderr, "corsheaders validate:", err)
		return exitUsage
	}
	v := validation{Source: "environment", Problems: []problem{}, Notes: []string{}, Given: []string{}}
	if src.file != "" {
		v.Source = src.file
	}
	if problems == nil {
		_, problems = set.Policy()
	}
	if set != nil {
		v.Notes = append(v.Notes, set.Notes...)
		for _, name := range corsconf.Names {
			if w, ok := set.Given[name]; ok {
				v.Given = append(v.Given, w)
			}
		}
	}
	for _, e := range flatten(problems) {
		p := problem{Problem: e.Error()}
		var se *corsconf.Error
		if errors.As(e, &se) {
			p = problem{File: se.File, Name: se.Name, Value: se.Value, Problem: se.Problem, Fix: se.Fix}
			if se.Index >= 0 {
				p.Index = &se.Index
			}
		}
		v.Problems = append(v.Problems, p)
	}
	v.Valid = len(v.Problems) == 0

	if *asJSON {
		writeJSON(stdout, v)
	} else {
		for _, p := range v.Problems {
			fmt.Fprintf(stdout, "%s\n", formatProblem(p))
		}
		for _, n := range v.Notes {
			fmt.Fprintf(stdout, "note: %s\n", n)
		}
		if v.Valid {
			given := "no setting given: django-cors-headers' defaults, which allow no origin"
			if len(v.Given) > 0 {
				given = strings.Join(v.Given, ", ")
			}
			fmt.Fprintf(stdout, "%s: valid (%s)\n", v.Source, given)
		} else {
			fmt.Fprintf(stdout, "%s: %d problem(s)\n", v.Source, len(v.Problems))
		}
	}
	if !v.Valid {
		return exitRefused
	}
	return exitOK
}

func formatProblem(p problem) string {
	if p.Name == "" {
		return "error: " + p.Problem
	}
	where := printable(p.Name)
	if p.File != "" {
		where = printable(p.File) + ": " + where
	}
	if p.Index != nil {
		where += fmt.Sprintf("[%d]", *p.Index)
	}
	s := fmt.Sprintf("error: %s %q: %s", where, p.Value, p.Problem)
	if p.Fix != "" {
		s += "\n       fix: " + p.Fix
	}
	return s
}

// flatten lists the errors joined in err.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// printable is s as is when it is printable ASCII, else quoted, so that a
// key holding terminal escape sequences does not reach the terminal.
func printable(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return strconv.Quote(s)
		}
	}
	return s
}
