// Reference solution of the sliding-window stage, in Go: day3-limiter's service (package
// ratelimit) with a sliding window log, so no rolling window of WINDOW_MS ever lets more than
// the limit through.
//
// Each route and address has a sorted set, KEY_PREFIX + "rl:log:ROUTE:ip:ADDRESS", of the
// requests it let through (score: the Redis server's time in ms). One Lua script drops what
// left the window, counts the rest and logs the request when there is room, atomically; the
// log expires one window after its last entry. Retry-After is the wait until the oldest
// logged request leaves the window, rounded up to whole seconds.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/gomodule/redigo/redis"
	"ratelimit"
)

// slidingLog takes KEYS[1] the log and ARGV [1] the window (ms), [2] the limit, [3] a
// request id. It returns -1 when the request is logged (allowed), else the ms until there
// is room.
var slidingLog = redis.NewScript(1, `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return -1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now
`)

func main() {
	limiter, err := ratelimit.FromEnvironment()
	if err == nil {
		err = ratelimit.Serve(func(path, address string) (bool, int64, error) {
			return slidingWindow(limiter, path, address)
		})
	}
	fmt.Fprintln(os.Stderr, "sliding-window:", err)
	os.Exit(1)
}

// slidingWindow allows the request when its route and address logged fewer than the
// route's limit in the last window, and logs it.
func slidingWindow(limiter *ratelimit.Limiter, path, address string) (bool, int64, error) {
	route := limiter.Route(path)
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return false, 0, err
	}
	conn := limiter.Redis.Get()
	defer conn.Close()
	key := fmt.Sprintf("%srl:log:%s:ip:%s", limiter.Prefix, route, address)
	wait, err := redis.Int64(slidingLog.Do(conn, key, limiter.Window, limiter.LimitOf(route), hex.EncodeToString(id)))
	if err != nil || wait < 0 {
		return err == nil, 0, err
	}
	seconds := ratelimit.SecondsRoundedUp(wait)
	if seconds < 1 {
		seconds = 1
	}
	return false, seconds, nil
}
