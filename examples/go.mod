module github.com/corsheaders/corsheaders/examples

go 1.25
