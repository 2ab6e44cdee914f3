// Starter for the day2-cache stage (redis-tutor test list day2-cache says what to build).
//
// Run it with: go mod tidy && redis-tutor test day2-cache -- go run .
// It listens on PORT and answers 501 with a TODO: write the cache-aside read and the write.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/redis/go-redis/v9"
)

func main() {
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "REDIS_URL:", err)
		os.Exit(1)
	}
	cache := redis.NewClient(options)
	defer cache.Close()
	prefix := os.Getenv("KEY_PREFIX")
	itemsURL := os.Getenv("ITEMS_URL")

	http.HandleFunc("/items/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/items/")
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodGet:
			// TODO: cache.Get(ctx, prefix+"item:"+id); on redis.Nil read itemsURL+"/items/"+id,
			// Set it with a TTL, and answer 200 with the item; 404 for a missing item (cache
			// that too, briefly); 502 when the store fails.
			_ = prefix + id + itemsURL
			w.WriteHeader(http.StatusNotImplemented)
			fmt.Fprintln(w, `{"error":"TODO: cache-aside GET /items/ID is not written yet"}`)
		case http.MethodPut:
			// TODO: PUT the body to itemsURL+"/items/"+id, then Del the cached key; answer 204.
			w.WriteHeader(http.StatusNotImplemented)
			fmt.Fprintln(w, `{"error":"TODO: PUT /items/ID is not written yet"}`)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	address := "127.0.0.1:" + os.Getenv("PORT")
	fmt.Println("listening on", address)
	if err := http.ListenAndServe(address, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
