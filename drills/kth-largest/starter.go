package main

import (
	"bufio"
	"os"
	"strconv"
)

// kthLargest returns the k-th largest value of nums (1 <= k <= len(nums)), counting duplicates.
func kthLargest(nums []int, k int) int {
	// TODO: keep a min-heap of the k largest values seen so far (container/heap);
	// its root is the answer.
	return 0
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
