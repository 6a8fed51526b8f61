module github.com/corsheaders/corsheaders/internal

go 1.26.0

require (
	github.com/corsheaders/corsheaders/chiadapter v0.1.0
	github.com/corsheaders/corsheaders/core v0.1.0
	github.com/go-chi/chi/v5 v5.5.0
	github.com/stretchr/testify v1.11.1
	golang.org/x/mod v0.42.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/net v0.63.0 // indirect
	golang.org/x/text v0.44.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
