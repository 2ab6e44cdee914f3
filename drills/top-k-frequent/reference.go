// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"os"
	"sort"
	"strconv"
)

// topKFrequent returns the k most frequent values of nums, most frequent first;
// equal counts put the smaller value first.
func topKFrequent(nums []int, k int) []int {
	counts := map[int]int{}
	for _, x := range nums {
		counts[x]++
	}
	values := make([]int, 0, len(counts))
	for x := range counts {
		values = append(values, x)
	}
	sort.Slice(values, func(i, j int) bool {
		a, b := values[i], values[j]
		if counts[a] != counts[b] {
			return counts[a] > counts[b]
		}
		return a < b
	})
	if k > len(values) {
		k = len(values)
	}
	return values[:k]
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
