package browsercheck_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/corsheaders/corsheaders/core/browsercheck"
)

func Example() {
	r := browsercheck.Request{
		URL:    "https://api.example.com/items",
		Origin: "https://app.example.com",
		Method: "PUT",
		Header: http.Header{"Content-Type": {"application/json"}},
	}
	fmt.Println("preflight:", r.NeedsPreflight())
	p := r.Preflight()
	fmt.Println("Access-Control-Request-Headers:", p.RequestHeaders())

	// The server answered the preflight without Access-Control-Allow-Methods.
	answer := http.Header{"Access-Control-Allow-Origin": {"https://app.example.com"}}
	err := p.Check(http.StatusOK, answer)
	var e *browsercheck.Error
	if errors.As(err, &e) {
		fmt.Println(e.Reason)
		fmt.Println(e.Console())
		fmt.Println("fix:", e.Fix())
	}
	// Output:
	// preflight: true
	// Access-Control-Request-Headers: content-type
	// MethodNotAllowed
	// Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.
	// fix: list "PUT" in Access-Control-Allow-Methods (with corsheaders, add it to CORS_ALLOW_METHODS); methods are case-sensitive
}
