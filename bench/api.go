package bench

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/labstack/echo/v4"
	echov5 "github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/echov5adapter"
	"github.com/corsheaders/corsheaders/fiberadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// The macro benchmark (BenchmarkAPI) serves a small real API over loopback
// HTTP/1.1 with each implementation in front of it, so that its figures put
// the CORS middleware's share of a whole request in proportion.

// Item is what the API's GET answers, encoded as JSON for every request.
type Item struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags"`
}

func item(id string) Item {
	return Item{ID: id, Name: "item " + id, Price: 12.5, Tags: []string{"a", "b"}}
}

// An API is an implementation serving the API on a loopback address.
type API struct {
	// URL is the base URL, "http://127.0.0.1:port".
	URL  string
	stop func() error
}

// Close stops the server.
func (a *API) Close() error { return a.stop() }

// apiServers start each implementation's API, by Impl.ID; core's own
// entries are not middleware and have none.
var apiServers = map[string]func(core.Config, net.Listener) (stop func() error){
	"chiadapter":   netHTTPAPI(chiadapter.New),
	"rs-cors":      netHTTPAPI(rsCORS),
	"go-chi-cors":  netHTTPAPI(chiCORS),
	"gorilla":      netHTTPAPI(gorillaCORS),
	"nethttp-bare": netHTTPAPI(nil),

	"ginadapter":  ginAPI(ginadapter.New),
	"gin-contrib": ginAPI(ginContribCORS),
	"gin-bare":    ginAPI(nil),

	"echoadapter": echoAPI(echoadapter.New),
	"echo-cors":   echoAPI(echoCORS),
	"echo-noop":   echoAPI(echoNoop),

	"echov5adapter": echoV5API(echov5adapter.New),
	"echo-v5-cors":  echoV5API(echoV5CORS),
	"echo-v5-noop":  echoV5API(echoV5Noop),

	"fiberadapter": fiberAPI(fiberadapter.New),
	"fiber-cors":   fiberAPI(fiberCORS),
	"fiber-bare":   fiberAPI(nil),
}

// HasAPI reports whether im can serve the API (every middleware and
// baseline; not core's own entries).
func (im Impl) HasAPI() bool { return apiServers[im.ID] != nil }

// StartAPI serves the API behind im, configured with cfg, on 127.0.0.1 at a
// port the system chooses.
func (im Impl) StartAPI(cfg core.Config) (*API, error) {
	start := apiServers[im.ID]
	if start == nil {
		return nil, errors.New("bench: " + im.ID + " serves no API")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &API{URL: "http://" + ln.Addr().String(), stop: start(cfg, ln)}, nil
}

// serveHTTP serves h on ln until stop.
func serveHTTP(h http.Handler, ln net.Listener) func() error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on stop
	return srv.Close
}

// writeItem answers GET with the item as JSON; putItem reads the body and
// answers 204.
func writeItem(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(item(id)) //nolint:errcheck // the client's loss
}

func putItem(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body) //nolint:errcheck
	w.WriteHeader(http.StatusNoContent)
}

func netHTTPAPI(mw func(core.Config) func(http.Handler) http.Handler) func(core.Config, net.Listener) func() error {
	return func(cfg core.Config, ln net.Listener) func() error {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /api/items/{id}", func(w http.ResponseWriter, r *http.Request) { writeItem(w, r.PathValue("id")) })
		mux.HandleFunc("PUT /api/items/{id}", putItem)
		var h http.Handler = mux
		if mw != nil {
			h = mw(cfg)(h)
		}
		return serveHTTP(h, ln)
	}
}

func ginAPI(mw func(core.Config) gin.HandlerFunc) func(core.Config, net.Listener) func() error {
	return func(cfg core.Config, ln net.Listener) func() error {
		e := gin.New()
		if mw != nil {
			e.Use(mw(cfg))
		}
		e.GET("/api/items/:id", func(c *gin.Context) { c.JSON(http.StatusOK, item(c.Param("id"))) })
		e.PUT("/api/items/:id", func(c *gin.Context) { putItem(c.Writer, c.Request) })
		return serveHTTP(e, ln)
	}
}

func echoAPI(mw func(core.Config) echo.MiddlewareFunc) func(core.Config, net.Listener) func() error {
	return func(cfg core.Config, ln net.Listener) func() error {
		e := echo.New()
		e.Use(mw(cfg))
		e.GET("/api/items/:id", func(c echo.Context) error { return c.JSON(http.StatusOK, item(c.Param("id"))) })
		e.PUT("/api/items/:id", func(c echo.Context) error {
			putItem(c.Response(), c.Request())
			return nil
		})
		return serveHTTP(e, ln)
	}
}

func echoV5API(mw func(core.Config) echov5.MiddlewareFunc) func(core.Config, net.Listener) func() error {
	return func(cfg core.Config, ln net.Listener) func() error {
		e := echov5.New()
		e.Use(mw(cfg))
		e.GET("/api/items/:id", func(c *echov5.Context) error { return c.JSON(http.StatusOK, item(c.Param("id"))) })
		e.PUT("/api/items/:id", func(c *echov5.Context) error {
			putItem(c.Response(), c.Request())
			return nil
		})
		return serveHTTP(e, ln)
	}
}

func fiberAPI(mw func(core.Config) fiber.Handler) func(core.Config, net.Listener) func() error {
	return func(cfg core.Config, ln net.Listener) func() error {
		f := fiber.New()
		if mw != nil {
			f.Use(mw(cfg))
		}
		f.Get("/api/items/:id", func(c fiber.Ctx) error { return c.JSON(item(c.Params("id"))) })
		f.Put("/api/items/:id", func(c fiber.Ctx) error { return c.SendStatus(http.StatusNoContent) })
		go f.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true}) //nolint:errcheck
		return f.Shutdown
	}
}

// APIRequest builds the request of an API scenario for base: the scenario's
// method, headers and Path.
func APIRequest(base string, s Scenario) *http.Request {
	model := s.Request()
	r, err := http.NewRequest(model.Method, base+Path, nil)
	if err != nil {
		panic(err)
	}
	r.Header = model.Header.Clone()
	return r
}

// APIScenarios are the scenarios BenchmarkAPI serves: the requests a
// browser sends most.
var APIScenarios = []string{"actual-allowed", "preflight-allowed"}

// Exchange sends r over c and reads the whole answer; it fails unless the
// status is the scenario's (2xx).
func Exchange(c *http.Client, r *http.Request) error {
	res, err := c.Do(r)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err == nil && (res.StatusCode < 200 || res.StatusCode > 299) {
		err = errors.New("bench: status " + strconv.Itoa(res.StatusCode))
	}
	return err
}
