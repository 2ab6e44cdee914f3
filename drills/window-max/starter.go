package main

import (
	"bufio"
	"os"
	"strconv"
)

// windowMax returns the maximum of every window of k consecutive values of nums.
func windowMax(nums []int, k int) []int {
	// TODO: keep a deque (a slice with a head index) of indices whose values decrease.
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
	for i, value := range windowMax(nums, k) {
		if i > 0 {
			out.WriteString(" ")
		}
		out.WriteString(strconv.Itoa(value))
	}
	out.WriteString("\n")
}
