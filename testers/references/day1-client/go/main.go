// Reference solution of the day1-client stage, in Go with redigo: a string with a TTL, a
// hash, and a counter whose window starts with the first visit.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/gomodule/redigo/redis"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "day1-client:", err)
		os.Exit(1)
	}
}

func run() error {
	window, err := strconv.Atoi(os.Getenv("WINDOW_SECONDS"))
	if err != nil {
		return fmt.Errorf("WINDOW_SECONDS must be a number of seconds: %v", err)
	}
	conn, err := redis.DialURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return fmt.Errorf("cannot connect to REDIS_URL: %v", err)
	}
	defer conn.Close()
	prefix := os.Getenv("KEY_PREFIX")

	if _, err := conn.Do("SET", prefix+"greeting", "hello", "EX", 300); err != nil {
		return err
	}
	if _, err := conn.Do("HSET", prefix+"user:1", "name", "ada", "lang", "go"); err != nil {
		return err
	}
	visits, err := redis.Int64(conn.Do("INCR", prefix+"visits"))
	if err != nil {
		return err
	}
	// The window starts with the first visit: an EXPIRE on every INCR would push it back.
	if visits == 1 {
		if _, err := conn.Do("EXPIRE", prefix+"visits", window); err != nil {
			return err
		}
	}
	fmt.Println("visits:", visits)
	return nil
}
