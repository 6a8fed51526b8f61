module github.com/corsheaders/corsheaders/cmd/corsheaders

go 1.26.0

require github.com/corsheaders/corsheaders/core v0.1.0

// Test only: the servers check is tested against. Neither is compiled into
// the command, and no library user's module graph ever reaches this module.
require (
	github.com/corsheaders/corsheaders/chiadapter v0.1.0
	github.com/rs/cors v1.11.1
)

require (
	golang.org/x/net v0.63.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
