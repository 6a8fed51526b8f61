module github.com/corsheaders/corsheaders/echov5adapter

go 1.26.0

require (
	github.com/corsheaders/corsheaders/core v0.1.0
	github.com/labstack/echo/v5 v5.4.4
	github.com/stretchr/testify v1.11.1
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/net v0.63.0 // indirect
	golang.org/x/text v0.44.0 // indirect
	golang.org/x/time v0.15.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
