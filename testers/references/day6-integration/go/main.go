// Reference solution of the day6-integration stage, in Go: day2-cache's GET and PUT
// /items/ID (package itemcache) and day5-notifications' POST /notifications with its workers
// (package notify) in one service. When a worker finishes a job it prints one line,
//
//	{"event":"job_done","job":"ID","wait_ms":W,"run_ms":R}
//
// W from the job's enqueueing to a worker taking it, R from then to its finish.
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"time"

	"itemcache"
	"notify"
)

// jobDone is the timing line of one finished job.
type jobDone struct {
	Event  string `json:"event"`
	Job    string `json:"job"`
	WaitMs int64  `json:"wait_ms"`
	RunMs  int64  `json:"run_ms"`
}

func main() {
	rand.Seed(time.Now().UnixNano())
	notifications, err := notify.FromEnvironment()
	if err == nil {
		notifications.OnFinished = printTiming
		cache := itemcache.FromEnvironment()
		routes := http.NewServeMux()
		routes.Handle("/items/", itemcache.Handler(cache, cache.Get))
		err = notifications.Serve(routes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "day6-integration:", err)
		os.Exit(1)
	}
}

// printTiming prints the job's timing line in one write, so two workers' lines never mix.
func printTiming(job notify.Finished) {
	line, _ := json.Marshal(jobDone{
		Event:  "job_done",
		Job:    job.Job,
		WaitMs: job.TakenAt - job.EnqueuedAt,
		RunMs:  job.FinishedAt - job.TakenAt,
	})
	os.Stdout.Write(append(line, '\n'))
}
