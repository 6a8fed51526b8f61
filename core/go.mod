module github.com/corsheaders/corsheaders/core

go 1.25.1

require golang.org/x/net v0.58.0

require golang.org/x/text v0.41.0 // indirect
