module github.com/corsheaders/corsheaders/fiberadapter

go 1.25.0

require (
	github.com/corsheaders/corsheaders/core v0.1.0
	github.com/gofiber/fiber/v3 v3.1.0
	github.com/stretchr/testify v1.11.1
	github.com/valyala/fasthttp v1.69.0
)
