module github.com/corsheaders/corsheaders/cmd/corsheaders

go 1.25.0

require github.com/corsheaders/corsheaders/core v0.1.0

require (
	github.com/corsheaders/corsheaders/chiadapter v0.1.0
	github.com/rs/cors v1.11.1
)
