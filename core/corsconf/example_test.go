package corsconf_test

import (
	"fmt"

	"github.com/corsheaders/corsheaders/core/corsconf"
)

func ExampleFromEnv() {
	// WithEnviron stands in for the process's environment.
	s, err := corsconf.FromEnv(corsconf.WithEnviron([]string{
		"CORS_ORIGIN_WHITELIST=https://a.example.com,https://b.example.com",
		"CORS_ALLOW_CREDENTIALS=true",
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, note := range s.Notes {
		fmt.Println("note:", note)
	}
	if _, err := s.Policy(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Config.AllowedOrigins, s.Config.AllowCredentials)

	_, err = corsconf.FromEnv(corsconf.WithEnviron([]string{"CORS_ALLOW_CREDENTIAL=true", "CORS_PREFLIGHT_MAX_AGE=1h"}))
	fmt.Println(err)
	// Output:
	// note: CORS_ORIGIN_WHITELIST is django-cors-headers' pre-3.0 name: rename it CORS_ALLOWED_ORIGINS
	// [https://a.example.com https://b.example.com] true
	// CORS_ALLOW_CREDENTIAL "true": unknown setting; did you mean CORS_ALLOW_CREDENTIALS?
	// CORS_PREFLIGHT_MAX_AGE "1h": not a whole number of seconds; write seconds, such as 600; 0 sends no Access-Control-Max-Age
}
