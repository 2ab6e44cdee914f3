// Starter for the day4-queue stage (redis-tutor test list day4-queue says what to build).
//
// Run it with: go mod tidy && redis-tutor test day4-queue -- go run .
// It takes jobs from the queue but does not do them yet: each job it takes is printed with a
// TODO. Write the try at SINK_URL/attempt, the done report, the retries and the dead letters.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Job is what the tester pushes onto KEY_PREFIX + "queue".
type Job struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

func main() {
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "REDIS_URL:", err)
		os.Exit(1)
	}
	rdb := redis.NewClient(options)
	defer rdb.Close()
	prefix := os.Getenv("KEY_PREFIX")
	sinkURL := os.Getenv("SINK_URL")
	workers, _ := strconv.Atoi(os.Getenv("WORKERS"))
	maxAttempts, _ := strconv.Atoi(os.Getenv("MAX_ATTEMPTS"))
	baseMS, _ := strconv.Atoi(os.Getenv("BACKOFF_BASE_MS"))
	ctx := context.Background()

	handle := func(raw string) {
		var job Job
		if err := json.Unmarshal([]byte(raw), &job); err != nil {
			fmt.Println("not a job:", raw)
			return
		}
		// TODO: count the try (HIncrBy prefix+"attempts" job.ID 1), POST
		// {"job": ID, "attempt": n} to sinkURL+"/attempt"; on 2xx POST the same to
		// sinkURL+"/done"; on 5xx schedule a retry (ZAdd prefix+"retry", score = run-at ms)
		// after D/2 + rand(0, D/2), D = baseMS << (n-1); on 4xx or after maxAttempts tries
		// LPush raw onto prefix+"dead". A poller goroutine moves due retries to the queue.
		_, _, _ = sinkURL, maxAttempts, baseMS
		fmt.Printf("TODO: job %s taken but not done: POST it to SINK_URL/attempt\n", job.ID)
	}

	fmt.Printf("worker: %d loops on %squeue\n", workers, prefix)
	for i := 0; i < workers; i++ {
		go func() {
			for {
				taken, err := rdb.BRPop(ctx, time.Second, prefix+"queue").Result()
				if err == nil {
					handle(taken[1])
				}
			}
		}()
	}
	select {}
}
