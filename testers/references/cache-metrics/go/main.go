// Reference solution of the cache-metrics stage, in Go: day2-cache's service (package
// itemcache) counting hits and misses. Every GET ends in exactly one INCR: KEY_PREFIX +
// "metrics:cache:hits" when the cache answered, KEY_PREFIX + "metrics:cache:misses" when the
// item store was read. INCR is atomic, so concurrent GETs never lose a count.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"fmt"
	"os"

	"itemcache"
)

func main() {
	cache := itemcache.FromEnvironment()
	get := func(id string) (itemcache.Answer, error) { return countingGet(cache, id) }
	if err := itemcache.Serve(cache, get); err != nil {
		fmt.Fprintln(os.Stderr, "cache-metrics:", err)
		os.Exit(1)
	}
}

// countingGet answers like cache.Get and counts the answer as one hit or one miss.
func countingGet(cache *itemcache.Cache, id string) (itemcache.Answer, error) {
	answer, found, err := cache.Cached(id)
	if err != nil {
		return answer, err
	}
	if found {
		return answer, count(cache, "hits")
	}
	if err := count(cache, "misses"); err != nil {
		return itemcache.Answer{}, err
	}
	return cache.LoadAndFill(id)
}

// count adds one to the counter KEY_PREFIX + "metrics:cache:" + outcome.
func count(cache *itemcache.Cache, outcome string) error {
	_, err := cache.Do("INCR", cache.Prefix+"metrics:cache:"+outcome)
	return err
}
