module github.com/corsheaders/corsheaders/echov5adapter

go 1.25.0

require (
	github.com/corsheaders/corsheaders/core v0.1.0
	github.com/labstack/echo/v5 v5.4.4
	github.com/stretchr/testify v1.11.1
)
