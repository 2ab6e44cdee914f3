// Starter for the day1-client stage (redis-tutor test list day1-client says what to build).
//
// Run it with: go mod tidy && redis-tutor test day1-client -- go run .
// It connects and stops with a TODO: replace the TODO with the three writes.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/redis/go-redis/v9"
)

func main() {
	ctx := context.Background()
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "REDIS_URL:", err)
		os.Exit(1)
	}
	client := redis.NewClient(options)
	defer client.Close()
	prefix := os.Getenv("KEY_PREFIX")
	window, _ := strconv.Atoi(os.Getenv("WINDOW_SECONDS"))
	pong, err := client.Ping(ctx).Result()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot reach Redis:", err)
		os.Exit(1)
	}
	fmt.Println("connected to Redis: PING answered", pong)
	// TODO 1: Set prefix+"greeting" to "hello", expiring in 300 seconds.
	// TODO 2: HSet prefix+"user:1" with name=ada and lang=go.
	// TODO 3: Incr prefix+"visits"; Expire it `window` seconds only when Incr returned 1.
	fmt.Fprintf(os.Stderr, "TODO: write %sgreeting, %suser:1 and %svisits (window %d s), "+
		"then delete this line and the exit below\n", prefix, prefix, prefix, window)
	os.Exit(1)
}
