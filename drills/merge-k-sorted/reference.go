// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"container/heap"
	"os"
	"strconv"
)

// head is the next unmerged value of one list.
type head struct{ value, list, index int }

// heads is a min-heap of heads for container/heap.
type heads []head

func (h heads) Len() int { return len(h) }
func (h heads) Less(i, j int) bool {
	return h[i].value < h[j].value || (h[i].value == h[j].value && h[i].list < h[j].list)
}
func (h heads) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *heads) Push(x interface{}) { *h = append(*h, x.(head)) }
func (h *heads) Pop() interface{} {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeKSorted merges the sorted lists into one sorted list.
func mergeKSorted(lists [][]int) []int {
	h := heads{}
	total := 0
	for i, list := range lists {
		total += len(list)
		if len(list) > 0 {
			h = append(h, head{list[0], i, 0})
		}
	}
	heap.Init(&h)
	merged := make([]int, 0, total)
	for h.Len() > 0 {
		next := h[0]
		merged = append(merged, next.value)
		if next.index+1 < len(lists[next.list]) {
			h[0] = head{lists[next.list][next.index+1], next.list, next.index + 1}
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return merged
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	in.Split(bufio.ScanWords)
	nextInt := func() int {
		in.Scan()
		value, _ := strconv.Atoi(in.Text())
		return value
	}
	k := nextInt()
	lists := make([][]int, k)
	for i := range lists {
		lists[i] = make([]int, nextInt())
		for j := range lists[i] {
			lists[i][j] = nextInt()
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i, value := range mergeKSorted(lists) {
		if i > 0 {
			out.WriteString(" ")
		}
		out.WriteString(strconv.Itoa(value))
	}
	out.WriteString("\n")
}
