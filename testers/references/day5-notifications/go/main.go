// Reference solution of the day5-notifications stage, in Go with redigo and net/http:
// POST /notifications answers 202 at once and WORKERS goroutines send each job to
// EMAIL_URL/send, with retries, a dead-letter list and a processing list that a restart
// puts back on the queue (package notify).
//
// Build it with scripts/build-go-reference.sh (GOPATH mode, Debian's redigo, offline).
package main

import (
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"time"

	"notify"
)

func main() {
	rand.Seed(time.Now().UnixNano())
	notifications, err := notify.FromEnvironment()
	if err == nil {
		err = notifications.Serve(http.NewServeMux())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "day5-notifications:", err)
		os.Exit(1)
	}
}
