// A Fiber v3 program that the fragments marked <!-- go: fiber --> complete.
package main

import (
	"log"
	"net/http"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/limiter"
	"github.com/gofiber/fiber/v3/middleware/logger"
	"github.com/gofiber/fiber/v3/middleware/recover"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

var (
	app      = fiber.New()
	cfg      core.Config
	adminCfg core.Config
	policy   = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	cop      = core.NewCrossOriginProtection(policy)
)

func listTodos(c fiber.Ctx) error  { return nil }
func putTodo(c fiber.Ctx) error    { return nil }
func updateTodo(c fiber.Ctx) error { return nil }

// auth is middleware that may answer a request itself.
func auth(c fiber.Ctx) error { return c.Next() }

// A Tenant is the customer a request is for; tenantOf finds it.
type Tenant struct{ Origin string }

func tenantOf(c fiber.Ctx) *Tenant { return nil }

// Imports the fragments may use without writing them.
var (
	_ = log.Fatal
	_ = http.StatusOK
	_ = limiter.New
	_ = logger.New
	_ = recover.New
	_ = fiberadapter.New
)
