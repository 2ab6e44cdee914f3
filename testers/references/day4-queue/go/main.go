// Reference solution of the day4-queue and reliable-queue stages, in Go with redigo: WORKERS
// goroutines take jobs with BLMOVE into a processing list, try each at SINK_URL/attempt,
// report successes to SINK_URL/done, retry 5xx answers after an equal-jitter exponential
// backoff (a retry sorted set and a poller), dead-letter the rest by value, and on start
// move the jobs a killed worker left in the processing list back to the queue.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gomodule/redigo/redis"
)

type worker struct {
	pool                                     *redis.Pool
	queue, processing, retry, dead, attempts string
	sink                                     string
	maxAttempts, baseMS                      int
	client                                   *http.Client
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "day4-queue:", err)
		os.Exit(1)
	}
}

func number(name string) (int, error) {
	value, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		return 0, fmt.Errorf("%s must be a number: %v", name, err)
	}
	return value, nil
}

func run() error {
	workers, err := number("WORKERS")
	if err != nil {
		return err
	}
	w := &worker{sink: os.Getenv("SINK_URL")}
	if w.maxAttempts, err = number("MAX_ATTEMPTS"); err != nil {
		return err
	}
	if w.baseMS, err = number("BACKOFF_BASE_MS"); err != nil {
		return err
	}
	url, prefix := os.Getenv("REDIS_URL"), os.Getenv("KEY_PREFIX")
	w.pool = &redis.Pool{MaxIdle: workers + 2, Dial: func() (redis.Conn, error) { return redis.DialURL(url) }}
	w.queue, w.processing, w.retry = prefix+"queue", prefix+"processing", prefix+"retry"
	w.dead, w.attempts = prefix+"dead", prefix+"attempts"
	// SINK_URL is on 127.0.0.1: never through a proxy from the environment.
	w.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{}}
	rand.Seed(time.Now().UnixNano())

	conn := w.pool.Get()
	recovered := 0
	for {
		// Jobs a killed worker left in flight go back to the end workers take from.
		_, err := redis.String(conn.Do("LMOVE", w.processing, w.queue, "RIGHT", "RIGHT"))
		if err == redis.ErrNil {
			break
		} else if err != nil {
			conn.Close()
			return fmt.Errorf("cannot recover %s: %v", w.processing, err)
		}
		recovered++
	}
	conn.Close()
	fmt.Printf("recovered %d jobs; %d loops on %s\n", recovered, workers, w.queue)

	go w.moveDueRetries()
	for i := 0; i < workers; i++ {
		go w.loop()
	}
	select {}
}

func (w *worker) loop() {
	for {
		conn := w.pool.Get()
		raw, err := redis.String(conn.Do("BLMOVE", w.queue, w.processing, "RIGHT", "LEFT", 1))
		if err == nil {
			w.handle(conn, raw)
		} else if err != redis.ErrNil {
			time.Sleep(100 * time.Millisecond)
		}
		conn.Close()
	}
}

// post sends {"job": id, "attempt": n} to SINK_URL+route; 0 when the sink is unreachable.
func (w *worker) post(route, id string, attempt int) int {
	body, _ := json.Marshal(map[string]interface{}{"job": id, "attempt": attempt})
	answer, err := w.client.Post(w.sink+route, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0
	}
	answer.Body.Close()
	return answer.StatusCode
}

// backoff is equal jitter: half of BASE × 2^(attempt−1), plus a random part up to the other half.
func (w *worker) backoff(attempt int) time.Duration {
	full := time.Duration(w.baseMS) * time.Millisecond << (attempt - 1)
	return full/2 + time.Duration(rand.Int63n(int64(full/2)+1))
}

func (w *worker) handle(conn redis.Conn, raw string) {
	var job struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(raw), &job); err != nil {
		w.deadLetter(conn, raw, "not JSON")
		return
	}
	attempt, err := redis.Int(conn.Do("HINCRBY", w.attempts, job.ID, 1))
	if err != nil {
		return // left in the processing list: recovered on the next start
	}
	status := w.post("/attempt", job.ID, attempt)
	switch {
	case status >= 200 && status < 300:
		w.post("/done", job.ID, attempt)
		conn.Send("MULTI")
		conn.Send("HDEL", w.attempts, job.ID)
		conn.Send("LREM", w.processing, 1, raw)
		conn.Do("EXEC")
		fmt.Printf("done %s on try %d\n", job.ID, attempt)
	case (status >= 500 || status == 0) && attempt < w.maxAttempts:
		runAt := time.Now().Add(w.backoff(attempt)).UnixMilli()
		conn.Send("MULTI")
		conn.Send("ZADD", w.retry, runAt, raw)
		conn.Send("LREM", w.processing, 1, raw)
		conn.Do("EXEC")
		fmt.Printf("retry %s: try %d got %d\n", job.ID, attempt, status)
	default:
		conn.Do("HDEL", w.attempts, job.ID)
		w.deadLetter(conn, raw, fmt.Sprintf("try %d got %d", attempt, status))
	}
}

// deadLetter moves the job, unchanged and by value, from the processing list to the dead list.
func (w *worker) deadLetter(conn redis.Conn, raw, why string) {
	conn.Send("MULTI")
	conn.Send("LREM", w.processing, 1, raw)
	conn.Send("LPUSH", w.dead, raw)
	conn.Do("EXEC")
	fmt.Printf("dead %s: %s\n", raw, why)
}

// moveDueRetries moves the retries that are due back to the queue, every 20 ms.
func (w *worker) moveDueRetries() {
	for {
		conn := w.pool.Get()
		now := time.Now().UnixMilli()
		due, _ := redis.Strings(conn.Do("ZRANGE", w.retry, "-inf", now, "BYSCORE", "LIMIT", 0, 100))
		for _, raw := range due {
			// Only the caller whose ZREM removed it queues it.
			if removed, _ := redis.Int(conn.Do("ZREM", w.retry, raw)); removed == 1 {
				conn.Do("LPUSH", w.queue, raw)
			}
		}
		conn.Close()
		time.Sleep(20 * time.Millisecond)
	}
}
