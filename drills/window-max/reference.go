// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"os"
	"strconv"
)

// windowMax returns the maximum of every window of k consecutive values of nums.
func windowMax(nums []int, k int) []int {
	window := make([]int, 0, len(nums))
	head := 0
	maxima := make([]int, 0, len(nums))
	for i, x := range nums {
		for len(window) > head && nums[window[len(window)-1]] <= x {
			window = window[:len(window)-1]
		}
		window = append(window, i)
		if window[head] <= i-k {
			head++
		}
		if i >= k-1 {
			maxima = append(maxima, nums[window[head]])
		}
	}
	return maxima
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
