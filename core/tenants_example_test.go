package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/core"
)

// A platform serves each customer's API on a host of its own, and each
// customer allows its own sites. One middleware takes a *core.Tenants as
// any Source: r.Use(chiadapter.FromPolicy(tenants)).
func ExampleTenants() {
	tenants := core.MustTenants(core.TenantByHost())
	for name, origin := range map[string]string{
		"acme.api.example.com": "https://shop.acme.example",
		"beta.api.example.com": "https://www.beta.example",
	} {
		p := core.MustPolicy(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true})
		if err := tenants.Store(name, p); err != nil {
			panic(err)
		}
	}
	ask := func(host, origin string) {
		r := httptest.NewRequest(http.MethodGet, "/orders", nil)
		r.Host = host
		r.Header.Set("Origin", origin)
		h := http.Header{}
		d := core.Handle(tenants, h, r)
		fmt.Printf("%s from %s: %s, Access-Control-Allow-Origin %q\n", host, origin, d.Reason.Key(), h.Get("Access-Control-Allow-Origin"))
	}
	ask("acme.api.example.com", "https://shop.acme.example")
	ask("ACME.api.example.com:443", "https://shop.acme.example")
	ask("acme.api.example.com", "https://www.beta.example")
	ask("gamma.api.example.com", "https://shop.acme.example")

	// A tenant's origins change while the server runs.
	if err := tenants.Store("acme.api.example.com", core.MustPolicy(core.Config{AllowedOrigins: []string{"https://shop.acme.example", "https://www.beta.example"}})); err != nil {
		panic(err)
	}
	ask("acme.api.example.com", "https://www.beta.example")

	r := httptest.NewRequest(http.MethodGet, "/orders", nil)
	r.Host = "gamma.api.example.com"
	r.Header.Set("Origin", "https://shop.acme.example")
	fmt.Println(tenants.Explain(r))
	// Output:
	// acme.api.example.com from https://shop.acme.example: allowed, Access-Control-Allow-Origin "https://shop.acme.example"
	// ACME.api.example.com:443 from https://shop.acme.example: allowed, Access-Control-Allow-Origin "https://shop.acme.example"
	// acme.api.example.com from https://www.beta.example: origin_not_allowed, Access-Control-Allow-Origin ""
	// gamma.api.example.com from https://shop.acme.example: tenant_unknown, Access-Control-Allow-Origin ""
	// acme.api.example.com from https://www.beta.example: allowed, Access-Control-Allow-Origin "https://www.beta.example"
	// not CORS from "https://shop.acme.example": no tenant is configured for the request's host, path or key, and no policy is given for unknown tenants: CORS is not enabled for it
	//   FAIL tenant: tenant "gamma.api.example.com", read from the Host "gamma.api.example.com", is not stored: no policy is given for unknown tenants, so CORS is not enabled for it
}

// Tenants read from a path segment: a path that routers may read as
// another tenant's has none.
func ExampleTenantByPathSegment() {
	tenants := core.MustTenants(core.TenantByPathSegment("/t/"))
	if err := tenants.Store("acme", core.MustPolicy(core.Config{AllowedOrigins: []string{"https://shop.acme.example"}})); err != nil {
		panic(err)
	}
	for _, path := range []string{"/t/acme/orders", "/t/acme/../beta/orders", "/t/acme%2Fx/orders", "/t/ACME/orders"} {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Origin", "https://shop.acme.example")
		h := http.Header{}
		d := core.Handle(tenants, h, r)
		fmt.Printf("%s: %s\n", path, d.Reason.Key())
	}
	fmt.Println(tenants.Store("Acme", tenants.Load("acme")))
	// Output:
	// /t/acme/orders: allowed
	// /t/acme/../beta/orders: tenant_unknown
	// /t/acme%2Fx/orders: tenant_unknown
	// /t/ACME/orders: tenant_unknown
	// corsheaders: tenant "Acme": not a tenant segment: lower-case letters, digits, ".", "-" and "_", not "." or "..", at most 253 bytes; name the tenant as its path writes it, e.g. "acme"
}
