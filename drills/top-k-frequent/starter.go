package main

import (
	"bufio"
	"os"
	"strconv"
)

// topKFrequent returns the k most frequent values of nums, most frequent first;
// equal counts put the smaller value first.
func topKFrequent(nums []int, k int) []int {
	// TODO: count with a map, then keep the k best in a heap (container/heap).
	return []int{}
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
	for i, value := range topKFrequent(nums, k) {
		if i > 0 {
			out.WriteString(" ")
		}
		out.WriteString(strconv.Itoa(value))
	}
	out.WriteString("\n")
}
