// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"container/list"
	"os"
	"strconv"
)

// entry is one key and its value, kept in recency order.
type entry struct{ key, value int }

// LRUCache holds at most Capacity keys, evicting the least recently used.
type LRUCache struct {
	Capacity int
	order    *list.List
	elements map[int]*list.Element
}

// Get returns the value of key, or -1, and marks key as the most recently used.
func (c *LRUCache) Get(key int) int {
	element, ok := c.elements[key]
	if !ok {
		return -1
	}
	c.order.MoveToFront(element)
	return element.Value.(*entry).value
}

// Put stores value under key as the most recently used, evicting the least recently
// used key first if key is new and the cache is full.
func (c *LRUCache) Put(key, value int) {
	if c.order == nil {
		c.order = list.New()
		c.elements = map[int]*list.Element{}
	}
	if element, ok := c.elements[key]; ok {
		element.Value.(*entry).value = value
		c.order.MoveToFront(element)
		return
	}
	if c.order.Len() == c.Capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.elements, oldest.Value.(*entry).key)
	}
	c.elements[key] = c.order.PushFront(&entry{key, value})
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
