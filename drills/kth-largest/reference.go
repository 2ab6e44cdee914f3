// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"container/heap"
	"os"
	"strconv"
)

// minHeap is a min-heap of ints for container/heap.
type minHeap []int

func (h minHeap) Len() int            { return len(h) }
func (h minHeap) Less(i, j int) bool  { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x interface{}) { *h = append(*h, x.(int)) }
func (h *minHeap) Pop() interface{} {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// kthLargest returns the k-th largest value of nums (1 <= k <= len(nums)), counting duplicates.
func kthLargest(nums []int, k int) int {
	h := make(minHeap, 0, k)
	for _, x := range nums {
		if h.Len() < k {
			heap.Push(&h, x)
		} else if x > h[0] {
			h[0] = x
			heap.Fix(&h, 0)
		}
	}
	return h[0]
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
	n, k := nextInt(), nextInt()
	nums := make([]int, n)
	for i := range nums {
		nums[i] = nextInt()
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	out.WriteString(strconv.Itoa(kthLargest(nums, k)) + "\n")
}
