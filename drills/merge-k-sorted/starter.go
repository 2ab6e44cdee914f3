package main

import (
	"bufio"
	"os"
	"strconv"
)

// mergeKSorted merges the sorted lists into one sorted list.
func mergeKSorted(lists [][]int) []int {
	// TODO: keep a min-heap of each list's next value (container/heap).
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
