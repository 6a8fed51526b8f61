module github.com/corsheaders/corsheaders/core

go 1.25

require (
	github.com/stretchr/testify v1.11.1 // indirect
	golang.org/x/net v0.58.0 // indirect
)
