// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"os"
	"strconv"
)

// longestUnique returns the length of the longest substring of s with no repeated byte.
func longestUnique(s string) int {
	var lastSeen [256]int
	for i := range lastSeen {
		lastSeen[i] = -1
	}
	start, best := 0, 0
	for i := 0; i < len(s); i++ {
		if lastSeen[s[i]] >= start {
			start = lastSeen[s[i]] + 1
		}
		lastSeen[s[i]] = i
		if i-start+1 > best {
			best = i - start + 1
		}
	}
	return best
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	in.Split(bufio.ScanWords)
	in.Scan()
	n, _ := strconv.Atoi(in.Text())
	s := ""
	if n > 0 {
		in.Scan()
		s = in.Text()
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	out.WriteString(strconv.Itoa(longestUnique(s)) + "\n")
}
