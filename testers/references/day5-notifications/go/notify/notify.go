// Package notify is the notifications service shared by the Go reference solutions of
// day5-notifications and day6-integration: POST /notifications stores and queues a job in
// Redis, and WORKERS goroutines in the same process send each job to EMAIL_URL/send.
//
// Keys under KEY_PREFIX:
//
//	notifications:next-id     INCR gives each job its id
//	notifications:key:KEY     the idempotency key's claim (SET NX, 24 h), holding the job id
//	notification:ID           the job's hash: the email, status, attempts, times
//	notifications:queue       job ids waiting (LPUSH in, BLMOVE out from the right)
//	notifications:processing  job ids a worker holds; put back on the queue at start
//	notifications:dead        job ids that could not be delivered
//
// A 5xx (or no answer) is retried after BACKOFF_MS, doubling, with jitter, at most 2 s, up to
// MAX_ATTEMPTS sends; a 4xx is dead-lettered at once. On SIGTERM the server stops, the
// workers take no new job and finish the one they hold, and Serve returns.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/gomodule/redigo/redis"
)

// idempotencyTime is how long an idempotency key stays claimed.
const idempotencyTime = 24 * time.Hour

// maxDelay bounds the wait before a retry.
const maxDelay = 2 * time.Second

// pollTime is how long a worker waits for a job before it looks whether to stop.
const pollTime = 0.2

// Finished is one finished job's times, in Unix milliseconds.
type Finished struct {
	Job        string
	EnqueuedAt int64
	TakenAt    int64
	FinishedAt int64
}

// Notifications is the job store in Redis, the provider client and the workers.
type Notifications struct {
	Redis       *redis.Pool
	Prefix      string
	EmailURL    string
	Workers     int
	MaxAttempts int64
	Backoff     time.Duration
	// OnFinished, when set, is called by the worker that finished a job (delivered or dead).
	OnFinished func(Finished)
	client     *http.Client
	stopping   chan struct{}
}

// Email is a posted notification.
type Email struct {
	UserID         string `json:"user_id"`
	Channel        string `json:"channel"`
	To             string `json:"to"`
	Subject        string `json:"subject"`
	Body           string `json:"body"`
	IdempotencyKey string `json:"idempotency_key"`
}

// FromEnvironment connects to REDIS_URL and reads KEY_PREFIX, EMAIL_URL, WORKERS,
// MAX_ATTEMPTS and BACKOFF_MS (2, 4 and 100 when unset).
func FromEnvironment() (*Notifications, error) {
	number := func(name string, unset int64) (int64, error) {
		text := os.Getenv(name)
		if text == "" {
			return unset, nil
		}
		value, err := strconv.ParseInt(text, 10, 64)
		if err != nil || value < 1 {
			return 0, fmt.Errorf("%s must be a whole number above 0, not %q", name, text)
		}
		return value, nil
	}
	workers, err := number("WORKERS", 2)
	if err != nil {
		return nil, err
	}
	attempts, err := number("MAX_ATTEMPTS", 4)
	if err != nil {
		return nil, err
	}
	backoff, err := number("BACKOFF_MS", 100)
	if err != nil {
		return nil, err
	}
	url := os.Getenv("REDIS_URL")
	return &Notifications{
		Redis: &redis.Pool{
			MaxIdle:     64,
			IdleTimeout: time.Minute,
			Dial:        func() (redis.Conn, error) { return redis.DialURL(url) },
		},
		Prefix:      os.Getenv("KEY_PREFIX"),
		EmailURL:    os.Getenv("EMAIL_URL"),
		Workers:     int(workers),
		MaxAttempts: attempts,
		Backoff:     time.Duration(backoff) * time.Millisecond,
		// EMAIL_URL is on 127.0.0.1: never through a proxy from the environment.
		client:   &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}},
		stopping: make(chan struct{}),
	}, nil
}

func (n *Notifications) key(name string) string { return n.Prefix + "notifications:" + name }

func (n *Notifications) jobKey(id string) string { return n.Prefix + "notification:" + id }

// do runs one Redis command on a connection from the pool.
func (n *Notifications) do(command string, args ...interface{}) (interface{}, error) {
	conn := n.Redis.Get()
	defer conn.Close()
	return conn.Do(command, args...)
}

func nowMs() int64 { return time.Now().UnixMilli() }

// The request side.

// Accept stores and queues the job: (202, its id), or (200, the first job's id) when an
// earlier POST claimed the email's idempotency key.
func (n *Notifications) Accept(email Email) (int, string, error) {
	next, err := redis.Int64(n.do("INCR", n.key("next-id")))
	if err != nil {
		return 0, "", err
	}
	id := strconv.FormatInt(next, 10)
	claim := n.key("key:" + email.IdempotencyKey)
	claimed, err := redis.String(n.do("SET", claim, id, "NX", "EX", int64(idempotencyTime.Seconds())))
	if errors.Is(err, redis.ErrNil) {
		owner, err := redis.String(n.do("GET", claim))
		return http.StatusOK, owner, err
	}
	if err != nil || claimed != "OK" {
		return 0, "", fmt.Errorf("claiming the idempotency key: %v", err)
	}
	conn := n.Redis.Get()
	defer conn.Close()
	conn.Send("MULTI")
	conn.Send("HSET", n.jobKey(id), "user_id", email.UserID, "channel", email.Channel,
		"to", email.To, "subject", email.Subject, "body", email.Body,
		"idempotency_key", email.IdempotencyKey, "status", "queued", "attempts", 0,
		"enqueued_at", nowMs())
	conn.Send("LPUSH", n.key("queue"), id)
	if _, err := conn.Do("EXEC"); err != nil {
		return 0, "", err
	}
	return http.StatusAccepted, id, nil
}

// Parse reads a posted notification, or says what is wrong with it.
func Parse(raw []byte) (Email, error) {
	var email Email
	if err := json.Unmarshal(raw, &email); err != nil {
		return email, errors.New("the body must be a JSON object of strings")
	}
	for field, value := range map[string]string{"to": email.To, "subject": email.Subject,
		"body": email.Body, "idempotency_key": email.IdempotencyKey} {
		if value == "" {
			return email, fmt.Errorf("'%s' must be a non-empty string", field)
		}
	}
	if email.Channel == "" {
		email.Channel = "email"
	}
	if email.Channel != "email" {
		return email, errors.New("only the email channel is supported")
	}
	return email, nil
}

// HandlePost answers POST /notifications.
func (n *Notifications) HandlePost(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, payload interface{}) {
		body, _ := json.Marshal(payload)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		reply(http.StatusMethodNotAllowed, map[string]string{"error": "POST only"})
		return
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		reply(http.StatusBadRequest, map[string]string{"error": "cannot read the body"})
		return
	}
	email, err := Parse(raw)
	if err != nil {
		reply(http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	status, id, err := n.Accept(email)
	if err != nil {
		reply(http.StatusServiceUnavailable, map[string]string{"error": "redis: " + err.Error()})
		return
	}
	reply(status, map[string]interface{}{"id": id, "duplicate": status == http.StatusOK})
}

// The worker side.

// sendFailed is a send that was not delivered; permanent when retrying cannot help (a 4xx).
type sendFailed struct {
	reason    string
	permanent bool
}

func (e *sendFailed) Error() string { return e.reason }

// Recover puts back on the queue the jobs a killed run held (this is the only process).
func (n *Notifications) Recover() error {
	for {
		moved, err := n.do("LMOVE", n.key("processing"), n.key("queue"), "RIGHT", "RIGHT")
		if err != nil || moved == nil {
			return err
		}
	}
}

// send POSTs the job's email to the provider, with its Idempotency-Key.
func (n *Notifications) send(job map[string]string) error {
	body, _ := json.Marshal(map[string]string{
		"to": job["to"], "subject": job["subject"], "body": job["body"]})
	request, err := http.NewRequest(http.MethodPost, n.EmailURL+"/send", bytes.NewReader(body))
	if err != nil {
		return &sendFailed{err.Error(), true}
	}
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("Idempotency-Key", job["idempotency_key"])
	response, err := n.client.Do(request)
	if err != nil {
		return &sendFailed{fmt.Sprintf("the provider is unreachable: %v", err), false}
	}
	io.Copy(io.Discard, response.Body)
	response.Body.Close()
	if response.StatusCode >= 300 {
		return &sendFailed{fmt.Sprintf("the provider answered %d", response.StatusCode),
			response.StatusCode < 500}
	}
	return nil
}

// delay is the wait before retry number attempt (1, 2 …): doubling, jittered, at most 2 s.
func (n *Notifications) delay(attempt int64) time.Duration {
	base := n.Backoff << (attempt - 1)
	if base <= 0 || base > maxDelay {
		base = maxDelay
	}
	wait := base + time.Duration(rand.Int63n(int64(base/2)+1))
	if wait > maxDelay {
		return maxDelay
	}
	return wait
}

// finish records the job's last status, dead-letters it when dead, and drops it from the
// processing list, in one transaction; it returns when it finished.
func (n *Notifications) finish(id, status string) (int64, error) {
	finished := nowMs()
	conn := n.Redis.Get()
	defer conn.Close()
	conn.Send("MULTI")
	conn.Send("HSET", n.jobKey(id), "status", status, "finished_at", finished)
	if status == "dead" {
		conn.Send("RPUSH", n.key("dead"), id)
	}
	conn.Send("LREM", n.key("processing"), 1, id)
	_, err := conn.Do("EXEC")
	return finished, err
}

// process sends the job until it is delivered or dead, and reports it to OnFinished.
func (n *Notifications) process(id string, taken int64) error {
	job, err := redis.StringMap(n.do("HGETALL", n.jobKey(id)))
	if err != nil {
		return err
	}
	if len(job) == 0 {
		_, err := n.do("LREM", n.key("processing"), 1, id)
		return err
	}
	for {
		attempts, err := redis.Int64(n.do("HINCRBY", n.jobKey(id), "attempts", 1))
		if err != nil {
			return err
		}
		if _, err := n.do("HSET", n.jobKey(id), "status", "sending"); err != nil {
			return err
		}
		status := "done"
		if err := n.send(job); err != nil {
			failure := err.(*sendFailed)
			if !failure.permanent && attempts < n.MaxAttempts {
				if _, err := n.do("HSET", n.jobKey(id), "status", "retrying"); err != nil {
					return err
				}
				time.Sleep(n.delay(attempts))
				continue
			}
			fmt.Printf("job %s: %s; dead-lettered\n", id, failure.reason)
			status = "dead"
		} else {
			fmt.Printf("job %s: delivered to %s\n", id, job["to"])
		}
		finished, err := n.finish(id, status)
		if err == nil && n.OnFinished != nil {
			enqueued, _ := strconv.ParseInt(job["enqueued_at"], 10, 64)
			n.OnFinished(Finished{Job: id, EnqueuedAt: enqueued, TakenAt: taken, FinishedAt: finished})
		}
		return err
	}
}

// work takes jobs from the queue into the processing list and runs them, until stopping.
func (n *Notifications) work() {
	for {
		select {
		case <-n.stopping:
			return
		default:
		}
		id, err := redis.String(n.do("BLMOVE", n.key("queue"), n.key("processing"), "RIGHT", "LEFT", pollTime))
		if errors.Is(err, redis.ErrNil) {
			continue
		}
		if err == nil {
			err = n.process(id, nowMs())
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			time.Sleep(time.Duration(pollTime * float64(time.Second)))
		}
	}
}

// Serve mounts POST /notifications on routes, puts back what a killed run held, runs the
// workers and serves routes on 127.0.0.1:PORT. On SIGTERM it stops taking requests and
// jobs, lets the workers finish the jobs they hold, and returns nil.
func (n *Notifications) Serve(routes *http.ServeMux) error {
	routes.HandleFunc("/notifications", n.HandlePost)
	if err := n.Recover(); err != nil {
		return err
	}
	var workers sync.WaitGroup
	for i := 0; i < n.Workers; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			n.work()
		}()
	}
	server := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: routes}
	terminated := make(chan os.Signal, 1)
	signal.Notify(terminated, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-terminated
		close(n.stopping)
		server.Shutdown(context.Background())
	}()
	fmt.Println("listening on", server.Addr)
	if err := server.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	workers.Wait()
	fmt.Println("stopped: the jobs in flight are finished")
	return nil
}
