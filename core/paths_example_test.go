package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/core"
)

// Three areas behind one middleware: a public feed, an admin area for one
// origin and a credentialed API for the application. The first rule that
// matches the path decides, preflights included.
func ExampleConfig_paths() {
	p, err := core.NewPolicy(core.Config{Paths: []core.PathRule{
		{Prefix: "/feed", Config: core.Config{AllowAllOrigins: true}},
		{Prefix: "/api/admin", Config: core.Config{AllowedOrigins: []string{"https://admin.example.com"}, AllowCredentials: true}},
		{Prefix: "/api", Config: core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true}},
	}})
	if err != nil {
		panic(err)
	}
	for _, path := range []string{"/feed/today", "/api/items", "/api/admin/users", "/about"} {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Origin", "https://app.example.com")
		h := http.Header{}
		core.Handle(p, h, r)
		fmt.Printf("%-17s %q\n", path, h.Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// /feed/today       "*"
	// /api/items        "https://app.example.com"
	// /api/admin/users  ""
	// /about            ""
}

// A rule that an earlier one hides entirely is a configuration error.
func ExamplePathOverlaps() {
	rules := []core.PathRule{
		{Prefix: "/api/admin"},
		{Prefix: "/api"},
	}
	for _, o := range core.PathOverlaps(rules) {
		fmt.Println(o)
	}
	_, err := core.NewPolicy(core.Config{Paths: []core.PathRule{{Prefix: "/api"}, {Prefix: "/api/admin"}}})
	fmt.Println(err)
	// Output:
	// Paths[0] and Paths[1] both match "/api/admin", which Paths[0] decides
	// corsheaders: Paths[1] "Prefix \"/api/admin\"": never used: the earlier rule Prefix "/api" matches every path it matches; put the more specific rule first, or remove it
}
