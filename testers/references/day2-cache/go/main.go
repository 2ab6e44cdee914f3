// Reference solution of the day2-cache stage, in Go with redigo and net/http: cache-aside
// GET /items/ID and PUT /items/ID over the item store at ITEMS_URL (package itemcache).
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
	if err := itemcache.Serve(cache, cache.Get); err != nil {
		fmt.Fprintln(os.Stderr, "day2-cache:", err)
		os.Exit(1)
	}
}
