// Starter for the day5-notifications stage (redis-tutor test list day5-notifications says
// what to build).
//
// Run it with: go mod tidy && redis-tutor test day5-notifications -- go run .
// It listens on PORT, starts WORKERS worker goroutines that do nothing yet, and answers 501
// with a TODO: store and queue the job, then send it from a worker.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

func main() {
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "REDIS_URL:", err)
		os.Exit(1)
	}
	rdb := redis.NewClient(options)
	defer rdb.Close()
	prefix := os.Getenv("KEY_PREFIX")
	emailURL := os.Getenv("EMAIL_URL")
	workers, _ := strconv.Atoi(os.Getenv("WORKERS"))
	maxAttempts, _ := strconv.Atoi(os.Getenv("MAX_ATTEMPTS"))
	backoffMs, _ := strconv.Atoi(os.Getenv("BACKOFF_MS"))

	// TODO: put back on the queue the jobs a killed run left in the processing list.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var running sync.WaitGroup
	for i := 0; i < workers; i++ {
		running.Add(1)
		go func() {
			defer running.Done()
			for ctx.Err() == nil {
				// TODO: BLMove a job id from prefix+"notifications:queue" into a processing
				// list, POST {"to","subject","body"} to emailURL+"/send" with the header
				// Idempotency-Key, mark the job done and LRem it; retry a 5xx after backoffMs
				// (doubling) up to maxAttempts sends, then RPush its id on
				// prefix+"notifications:dead".
				_, _, _ = emailURL, maxAttempts, backoffMs
				time.Sleep(200 * time.Millisecond)
			}
		}()
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/notifications", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		// TODO: claim the idempotency_key with SetNX; for a new key store the job's hash
		// prefix+"notification:"+id (status queued), LPush its id on the queue, and answer
		// 202 {"id": id}; for a key seen before answer 200 with the first job's id.
		_ = prefix
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprintln(w, `{"error":"TODO: POST /notifications is not written yet"}`)
	})
	server := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: mux}
	go func() {
		<-ctx.Done()
		server.Shutdown(context.Background())
	}()
	fmt.Println("listening on", server.Addr, "with", workers, "workers")
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	running.Wait()
}
