module github.com/corsheaders/corsheaders/examples

go 1.25

require github.com/corsheaders/corsheaders/core v0.0.0

replace github.com/corsheaders/corsheaders/core => ../core
