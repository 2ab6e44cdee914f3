// Reference solution of the day3-limiter stage, in Go with redigo and net/http: a
// per-address fixed-window rate limiter with route limits (package ratelimit). A request
// over its limit gets 429 with Retry-After: the seconds left until its window ends, rounded up.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"fmt"
	"os"

	"ratelimit"
)

func main() {
	limiter, err := ratelimit.FromEnvironment()
	if err == nil {
		err = ratelimit.Serve(limiter.FixedWindow)
	}
	fmt.Fprintln(os.Stderr, "day3-limiter:", err)
	os.Exit(1)
}
