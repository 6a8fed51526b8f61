module github.com/corsheaders/corsheaders/e2e

go 1.25

require github.com/corsheaders/corsheaders/core v0.0.0

replace github.com/corsheaders/corsheaders/core => ../core
