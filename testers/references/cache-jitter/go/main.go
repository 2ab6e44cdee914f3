// Reference solution of the cache-jitter stage, in Go: day2-cache's service (package
// itemcache) with jittered TTLs. Each item's TTL is the base TTL plus a random 0-10%, so
// items cached together do not all expire at the same moment.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"fmt"
	"math/rand"
	"os"
	"time"

	"itemcache"
)

func main() {
	rand.Seed(time.Now().UnixNano())
	cache := itemcache.FromEnvironment()
	cache.FreshTTL = func() time.Duration {
		return itemcache.ItemTTL + time.Duration(rand.Int63n(int64(itemcache.ItemTTL/10)))
	}
	if err := itemcache.Serve(cache, cache.Get); err != nil {
		fmt.Fprintln(os.Stderr, "cache-jitter:", err)
		os.Exit(1)
	}
}
