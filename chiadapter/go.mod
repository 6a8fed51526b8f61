module github.com/corsheaders/corsheaders/chiadapter

go 1.26.0

require github.com/corsheaders/corsheaders/core v0.1.0

require (
	golang.org/x/net v0.63.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
