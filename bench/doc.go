// Package bench measures corsheaders side by side with the CORS middleware
// most Go applications use: github.com/rs/cors, github.com/go-chi/cors,
// github.com/gorilla/handlers, github.com/gin-contrib/cors, Echo v4's and
// Echo v5's middleware.CORSWithConfig and Fiber v3's middleware/cors.
//
// Every implementation serves the same [Scenarios], each configured with the
// closest equivalent of one [core.Config]; [Impls] says how each peer is
// configured and where it can only approximate. Net/http middleware is
// measured as a plain handler, Gin's and Echo's inside a gin.Engine and an
// echo.Echo with the same two routes, so that each of our adapters is
// compared with the peers that serve its framework. Responses go to a
// [Writer] that reuses its header map, so that the figures count the
// middleware's work, not a recorder's.
//
// The benchmarks are in bench_test.go (BenchmarkCORS); TestEquivalence
// checks that every implementation really grants and refuses what the
// scenario says, so that no figure compares a grant with a refusal unawares.
// BenchmarkAPI (api_test.go) is the macro benchmark: a small JSON API
// ([Impl.StartAPI]) served on loopback behind each middleware, requests per
// second over one keep-alive HTTP/1.1 connection, so that the figures of
// BenchmarkCORS can be read as a share of a whole request.
// run.sh runs both and regenerates docs/benchmarks.md with cmd/benchreport.
package bench
