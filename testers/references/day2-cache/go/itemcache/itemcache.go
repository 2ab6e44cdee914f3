// Package itemcache is the cache-aside core shared by the Go reference solutions of
// day2-cache, cache-stampede and cache-jitter: reads through Redis to the item store at
// ITEMS_URL, writes to the store then deletes the cached key, and the HTTP routes.
//
// Items are cached under KEY_PREFIX + "item:ID" for 300 s; an item the store lacks is
// cached as a marker for 30 s, so a missing item does not send every request to the store.
package itemcache

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/gomodule/redigo/redis"
)

// ItemTTL is how long a fresh item stays cached.
const ItemTTL = 300 * time.Second

// MissingTTL is how long the marker of an item the store lacks stays cached.
const MissingTTL = 30 * time.Second

// missingMarker is cached for an item the store lacks.
const missingMarker = "\x00missing"

// Answer is what GET /items/ID answers: 200 with the item's JSON, or 404.
type Answer struct {
	Status int
	Body   []byte
}

// StoreError says the item store failed or could not be reached.
type StoreError struct{ Reason string }

func (e *StoreError) Error() string { return e.Reason }

// Cache is cache-aside over the item store at ITEMS_URL.
type Cache struct {
	Redis  *redis.Pool
	Prefix string
	Store  string
	// FreshTTL gives each newly cached item its TTL (ItemTTL unless a stage changes it).
	FreshTTL func() time.Duration
	client   *http.Client
}

// FromEnvironment connects to REDIS_URL and reads KEY_PREFIX and ITEMS_URL.
func FromEnvironment() *Cache {
	url := os.Getenv("REDIS_URL")
	return &Cache{
		Redis: &redis.Pool{
			MaxIdle:     64,
			IdleTimeout: time.Minute,
			Dial:        func() (redis.Conn, error) { return redis.DialURL(url) },
		},
		Prefix:   os.Getenv("KEY_PREFIX"),
		Store:    os.Getenv("ITEMS_URL"),
		FreshTTL: func() time.Duration { return ItemTTL },
		// ITEMS_URL is on 127.0.0.1: never through a proxy from the environment.
		client: &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{Proxy: nil}},
	}
}

// Key is the cache key of item id.
func (c *Cache) Key(id string) string { return c.Prefix + "item:" + id }

// Do runs one Redis command on a connection from the pool.
func (c *Cache) Do(command string, args ...interface{}) (interface{}, error) {
	conn := c.Redis.Get()
	defer conn.Close()
	return conn.Do(command, args...)
}

// Cached is the item's answer from the cache; found is false when it is not cached.
func (c *Cache) Cached(id string) (answer Answer, found bool, err error) {
	value, err := redis.Bytes(c.Do("GET", c.Key(id)))
	if errors.Is(err, redis.ErrNil) {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, false, err
	}
	if string(value) == missingMarker {
		return Answer{Status: http.StatusNotFound}, true, nil
	}
	return Answer{Status: http.StatusOK, Body: value}, true, nil
}

// Load reads the item from the store: 200 with its JSON, 404, or a StoreError.
func (c *Cache) Load(id string) (Answer, error) {
	response, err := c.client.Get(c.Store + "/items/" + id)
	if err != nil {
		return Answer{}, &StoreError{fmt.Sprintf("the item store is unreachable: %v", err)}
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	switch {
	case err != nil:
		return Answer{}, &StoreError{fmt.Sprintf("reading the item store's answer: %v", err)}
	case response.StatusCode == http.StatusNotFound:
		return Answer{Status: http.StatusNotFound}, nil
	case response.StatusCode != http.StatusOK:
		return Answer{}, &StoreError{fmt.Sprintf("the item store answered %d", response.StatusCode)}
	}
	return Answer{Status: http.StatusOK, Body: body}, nil
}

// LoadAndFill reads the item from the store and caches what it answered, with a TTL.
// A store failure is not cached.
func (c *Cache) LoadAndFill(id string) (Answer, error) {
	answer, err := c.Load(id)
	if err != nil {
		return answer, err
	}
	if answer.Status == http.StatusNotFound {
		_, err = c.Do("SET", c.Key(id), missingMarker, "PX", MissingTTL.Milliseconds())
	} else {
		_, err = c.Do("SET", c.Key(id), answer.Body, "PX", c.FreshTTL().Milliseconds())
	}
	return answer, err
}

// Get answers from the cache, or on a miss from the store (filling the cache).
func (c *Cache) Get(id string) (Answer, error) {
	answer, found, err := c.Cached(id)
	if err != nil || found {
		return answer, err
	}
	return c.LoadAndFill(id)
}

// Put writes the item to the store, then deletes its cached key.
func (c *Cache) Put(id string, body []byte) error {
	request, err := http.NewRequest(http.MethodPut, c.Store+"/items/"+id, bytes.NewReader(body))
	if err != nil {
		return err
	}
	request.Header.Set("Content-Type", "application/json")
	response, err := c.client.Do(request)
	if err != nil {
		return &StoreError{fmt.Sprintf("the item store is unreachable: %v", err)}
	}
	response.Body.Close()
	if response.StatusCode < 200 || response.StatusCode > 299 {
		return &StoreError{fmt.Sprintf("the item store answered %d", response.StatusCode)}
	}
	_, err = c.Do("DEL", c.Key(id))
	return err
}

var itemRoute = regexp.MustCompile(`^/items/([A-Za-z0-9_-]+)$`)

// Serve answers GET /items/ID with get and PUT /items/ID with c.Put on 127.0.0.1:PORT,
// until the program is killed.
func Serve(c *Cache, get func(id string) (Answer, error)) error {
	http.Handle("/", Handler(c, get))
	address := "127.0.0.1:" + os.Getenv("PORT")
	fmt.Println("listening on", address)
	return http.ListenAndServe(address, nil)
}

// Handler answers GET /items/ID with get and PUT /items/ID with c.Put, printing a line for
// each request; a service with more routes mounts it on /items/.
func Handler(c *Cache, get func(id string) (Answer, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := handle(c, get, w, r)
		fmt.Println(r.Method, r.URL.Path, status)
	})
}

// handle answers one request and returns the status it answered.
func handle(c *Cache, get func(string) (Answer, error), w http.ResponseWriter, r *http.Request) int {
	reply := func(status int, body []byte) int {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
		return status
	}
	failed := func(err error) int {
		var storeError *StoreError
		if errors.As(err, &storeError) {
			return reply(http.StatusBadGateway, []byte(fmt.Sprintf(`{"error":%q}`, err.Error())))
		}
		return reply(http.StatusServiceUnavailable, []byte(fmt.Sprintf(`{"error":%q}`, "redis: "+err.Error())))
	}
	match := itemRoute.FindStringSubmatch(r.URL.Path)
	if match == nil {
		return reply(http.StatusNotFound, []byte(`{"error":"no such route"}`))
	}
	id := match[1]
	switch r.Method {
	case http.MethodGet:
		answer, err := get(id)
		if err != nil {
			return failed(err)
		}
		if answer.Status == http.StatusNotFound {
			return reply(http.StatusNotFound, []byte(`{"error":"no such item"}`))
		}
		return reply(http.StatusOK, answer.Body)
	case http.MethodPut:
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return reply(http.StatusBadRequest, []byte(`{"error":"cannot read the body"}`))
		}
		if err := c.Put(id, body); err != nil {
			return failed(err)
		}
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	default:
		w.Header().Set("Allow", "GET, PUT")
		return reply(http.StatusMethodNotAllowed, []byte(`{"error":"GET or PUT only"}`))
	}
}
