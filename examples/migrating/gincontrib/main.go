// Command gincontrib serves the API whose gin-contrib/cors configuration is
// migrated in docs/migrating.md.
package main

import (
	"log"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/ginadapter"
)

func newRouter() *gin.Engine {
	r := gin.New()
	r.Use(ginadapter.New(core.Config{
		AllowedOrigins:   []string{"https://shop.example.com", "https://*.shop.example.com"},
		AllowHeaders:     []string{"content-type", "authorization", "x-api-key"},
		ExposeHeaders:    []string{"X-Total-Count"},
		AllowCredentials: true,
		PreflightMaxAge:  12 * time.Hour,
	}))
	r.GET("/api/cart", func(c *gin.Context) {
		c.Header("X-Total-Count", "0")
		c.JSON(http.StatusOK, []string{})
	})
	r.PATCH("/api/cart", func(c *gin.Context) {
		c.Status(http.StatusNoContent)
	})
	return r
}

func main() {
	log.Fatal(newRouter().Run("127.0.0.1:8000"))
}
