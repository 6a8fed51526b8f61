module github.com/corsheaders/corsheaders/chiadapter

go 1.25

require (
	github.com/go-chi/chi/v5 v5.5.0 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
)
