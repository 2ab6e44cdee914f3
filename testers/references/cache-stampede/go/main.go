// Reference solution of the cache-stampede stage, in Go: day2-cache's service (package
// itemcache) with single flight. On a miss, the request that wins KEY_PREFIX + "lock:ID"
// (SET NX PX) loads the item; the others poll the cache until it is filled, so a cold item
// is read from the store once.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/gomodule/redigo/redis"
	"itemcache"
)

// lockTime bounds how long one request may hold the lock, and how long the others wait.
const lockTime = 5 * time.Second

// pollInterval is how often a waiting request looks at the cache again.
const pollInterval = 20 * time.Millisecond

// release deletes the lock only while it still holds this request's token.
var release = redis.NewScript(1,
	"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0")

func main() {
	cache := itemcache.FromEnvironment()
	get := func(id string) (itemcache.Answer, error) { return singleFlightGet(cache, id) }
	if err := itemcache.Serve(cache, get); err != nil {
		fmt.Fprintln(os.Stderr, "cache-stampede:", err)
		os.Exit(1)
	}
}

// singleFlightGet answers from the cache; on a miss only the lock's holder reads the store.
func singleFlightGet(cache *itemcache.Cache, id string) (itemcache.Answer, error) {
	lock := cache.Prefix + "lock:" + id
	token, err := newToken()
	if err != nil {
		return itemcache.Answer{}, err
	}
	for deadline := time.Now().Add(lockTime); time.Now().Before(deadline); {
		answer, found, err := cache.Cached(id)
		if err != nil || found {
			return answer, err
		}
		won, err := redis.String(cache.Do("SET", lock, token, "NX", "PX", lockTime.Milliseconds()))
		if err != nil && err != redis.ErrNil {
			return itemcache.Answer{}, err
		}
		if won == "OK" {
			return loadHoldingLock(cache, id, lock, token)
		}
		time.Sleep(pollInterval)
	}
	// The holder took longer than the lock lasts: read the store rather than fail.
	return cache.LoadAndFill(id)
}

// loadHoldingLock fills the cache from the store (unless the last holder just did), then
// releases the lock.
func loadHoldingLock(cache *itemcache.Cache, id, lock, token string) (itemcache.Answer, error) {
	conn := cache.Redis.Get()
	defer func() {
		release.Do(conn, lock, token)
		conn.Close()
	}()
	answer, found, err := cache.Cached(id)
	if err != nil || found {
		return answer, err
	}
	return cache.LoadAndFill(id)
}

// newToken is a random value that marks the lock as this request's.
func newToken() (string, error) {
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return "", err
	}
	return hex.EncodeToString(random), nil
}
