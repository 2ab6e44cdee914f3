// Package ratelimit is the per-address limiter shared by the Go reference solutions of
// day3-limiter and sliding-window: LIMIT, WINDOW_MS and ROUTE_LIMITS from the environment,
// the fixed-window check, and the HTTP routes.
//
// Fixed windows are aligned to multiples of WINDOW_MS on the Redis server's clock (TIME):
// window number = now_ms / WINDOW_MS. Each request counts in KEY_PREFIX +
// "rl:ROUTE:ip:ADDRESS:N" with INCR and PEXPIRE … NX in one MULTI/EXEC, so concurrent
// requests never race and the TTL is set once per window.
package ratelimit

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gomodule/redigo/redis"
)

// Limiter counts each client address's requests in Redis, per route.
type Limiter struct {
	Redis  *redis.Pool
	Prefix string
	// Limit is the requests per window of every route ROUTE_LIMITS does not name.
	Limit int64
	// Window is WINDOW_MS, in milliseconds.
	Window int64
	// RouteLimits holds the routes of ROUTE_LIMITS and their own limits.
	RouteLimits map[string]int64
}

// Check says whether a request for path from address may pass; when it may not,
// retryAfter is the whole seconds the client should wait.
type Check func(path, address string) (allowed bool, retryAfter int64, err error)

// FromEnvironment connects to REDIS_URL and reads KEY_PREFIX, LIMIT, WINDOW_MS and
// ROUTE_LIMITS.
func FromEnvironment() (*Limiter, error) {
	limit, err := strconv.ParseInt(os.Getenv("LIMIT"), 10, 64)
	if err != nil || limit < 1 {
		return nil, fmt.Errorf("LIMIT must be a whole number of requests, not %q", os.Getenv("LIMIT"))
	}
	window, err := strconv.ParseInt(os.Getenv("WINDOW_MS"), 10, 64)
	if err != nil || window < 1 {
		return nil, fmt.Errorf("WINDOW_MS must be a whole number of milliseconds, not %q", os.Getenv("WINDOW_MS"))
	}
	routeLimits, err := ParseRouteLimits(os.Getenv("ROUTE_LIMITS"))
	if err != nil {
		return nil, err
	}
	url := os.Getenv("REDIS_URL")
	return &Limiter{
		Redis: &redis.Pool{
			MaxIdle:     256,
			IdleTimeout: time.Minute,
			Dial:        func() (redis.Conn, error) { return redis.DialURL(url) },
		},
		Prefix:      os.Getenv("KEY_PREFIX"),
		Limit:       limit,
		Window:      window,
		RouteLimits: routeLimits,
	}, nil
}

// ParseRouteLimits reads "/login=2,/search=8" as {"/login": 2, "/search": 8}; empty is none.
func ParseRouteLimits(text string) (map[string]int64, error) {
	limits := map[string]int64{}
	for _, pair := range strings.Split(text, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		route, number, found := strings.Cut(pair, "=")
		limit, err := strconv.ParseInt(strings.TrimSpace(number), 10, 64)
		if !found || err != nil {
			return nil, fmt.Errorf("ROUTE_LIMITS holds %q: write PATH=N pairs joined by commas", pair)
		}
		limits[strings.TrimSpace(route)] = limit
	}
	return limits, nil
}

// Route is the counter a path counts on: its own when ROUTE_LIMITS names it, else "default".
func (l *Limiter) Route(path string) string {
	if _, found := l.RouteLimits[path]; found {
		return path
	}
	return "default"
}

// LimitOf is the requests per window that route may make.
func (l *Limiter) LimitOf(route string) int64 {
	if limit, found := l.RouteLimits[route]; found {
		return limit
	}
	return l.Limit
}

// NowMs is the Redis server's clock, in milliseconds.
func (l *Limiter) NowMs(conn redis.Conn) (int64, error) {
	time, err := redis.Int64s(conn.Do("TIME"))
	if err != nil {
		return 0, err
	}
	return time[0]*1000 + time[1]/1000, nil
}

// FixedWindow counts the request in its fixed window and allows it while the count is
// within the route's limit; a refused request waits until the window ends.
func (l *Limiter) FixedWindow(path, address string) (bool, int64, error) {
	conn := l.Redis.Get()
	defer conn.Close()
	route := l.Route(path)
	now, err := l.NowMs(conn)
	if err != nil {
		return false, 0, err
	}
	key := fmt.Sprintf("%srl:%s:ip:%s:%d", l.Prefix, route, address, now/l.Window)
	conn.Send("MULTI")
	conn.Send("INCR", key)
	conn.Send("PEXPIRE", key, l.Window, "NX")
	replies, err := redis.Values(conn.Do("EXEC"))
	if err != nil {
		return false, 0, err
	}
	count, err := redis.Int64(replies[0], nil)
	if err != nil {
		return false, 0, err
	}
	if count <= l.LimitOf(route) {
		return true, 0, nil
	}
	end := (now/l.Window + 1) * l.Window
	return false, SecondsRoundedUp(end - now), nil
}

// SecondsRoundedUp is milliseconds as whole seconds, rounded up.
func SecondsRoundedUp(milliseconds int64) int64 {
	return (milliseconds + 999) / 1000
}

var itemRoute = regexp.MustCompile(`^/items/([A-Za-z0-9_-]+)$`)

// Serve answers GET /items/ID, /login and /search on 127.0.0.1:PORT, each request first
// passing check for its client address (the connection's source address), until killed.
func Serve(check Check) error {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { handle(check, w, r) })
	address := "127.0.0.1:" + os.Getenv("PORT")
	fmt.Println("listening on", address)
	return http.ListenAndServe(address, nil)
}

// handle answers one request: 429 with Retry-After over the limit, else the route.
func handle(check Check, w http.ResponseWriter, r *http.Request) {
	reply := func(status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		reply(http.StatusMethodNotAllowed, `{"error":"GET only"}`)
		return
	}
	address, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		reply(http.StatusBadRequest, `{"error":"no client address"}`)
		return
	}
	path := r.URL.Path
	allowed, retryAfter, err := check(path, address)
	switch {
	case err != nil:
		reply(http.StatusServiceUnavailable, fmt.Sprintf(`{"error":%q}`, "redis: "+err.Error()))
	case !allowed:
		w.Header().Set("Retry-After", strconv.FormatInt(retryAfter, 10))
		reply(http.StatusTooManyRequests, `{"error":"too many requests"}`)
	case itemRoute.MatchString(path) || path == "/login" || path == "/search":
		reply(http.StatusOK, fmt.Sprintf(`{"path":%q,"ok":true}`, path))
	default:
		reply(http.StatusNotFound, `{"error":"no such route"}`)
	}
}
