package main

import (
	"bufio"
	"os"
	"strconv"
)

// LRUCache holds at most Capacity keys, evicting the least recently used.
type LRUCache struct {
	Capacity int
	// TODO: a map from key to a node of a doubly linked list (container/list works).
}

// Get returns the value of key, or -1, and marks key as the most recently used.
func (c *LRUCache) Get(key int) int {
	// TODO
	return -1
}

// Put stores value under key as the most recently used, evicting the least recently
// used key first if key is new and the cache is full.
func (c *LRUCache) Put(key, value int) {
	// TODO
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	in.Split(bufio.ScanWords)
	nextWord := func() string {
		in.Scan()
		return in.Text()
	}
	nextInt := func() int {
		value, _ := strconv.Atoi(nextWord())
		return value
	}
	cache := &LRUCache{Capacity: nextInt()}
	q := nextInt()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := 0; i < q; i++ {
		if nextWord() == "get" {
			out.WriteString(strconv.Itoa(cache.Get(nextInt())) + "\n")
		} else {
			key := nextInt()
			cache.Put(key, nextInt())
		}
	}
}
