module github.com/corsheaders/corsheaders/chiadapter

go 1.25.1

require github.com/corsheaders/corsheaders/core v0.1.0

require (
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)
