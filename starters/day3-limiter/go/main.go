// Starter for the day3-limiter stage (redis-tutor test list day3-limiter says what to build).
//
// Run it with: go mod tidy && redis-tutor test day3-limiter -- go run .
// It listens on PORT and answers 501 with a TODO: write the limiter, then answer the routes.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/redis/go-redis/v9"
)

func main() {
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "REDIS_URL:", err)
		os.Exit(1)
	}
	rdb := redis.NewClient(options)
	defer rdb.Close()
	prefix := os.Getenv("KEY_PREFIX")
	limit, _ := strconv.Atoi(os.Getenv("LIMIT"))
	windowMs, _ := strconv.Atoi(os.Getenv("WINDOW_MS"))
	routeLimits := os.Getenv("ROUTE_LIMITS") // "/login=2,/search=8"

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		address, _, _ := net.SplitHostPort(r.RemoteAddr) // the client: the source address
		// TODO: window := Redis TIME in ms / windowMs; INCR prefix+"rl:ROUTE:ip:"+address+":"+window
		// with PExpireNX in one TxPipelined; over the limit (limit, or the route's in
		// routeLimits) answer 429 with Retry-After = the seconds left in the window, rounded
		// up; else 200 for /items/ID, /login and /search.
		_, _, _, _ = address, prefix, limit, windowMs
		_ = routeLimits
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprintln(w, `{"error":"TODO: the rate limiter is not written yet"}`)
	})
	address := "127.0.0.1:" + os.Getenv("PORT")
	fmt.Println("listening on", address)
	if err := http.ListenAndServe(address, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
