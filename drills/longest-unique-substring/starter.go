package main

import (
	"bufio"
	"os"
	"strconv"
)

// longestUnique returns the length of the longest substring of s with no repeated byte.
func longestUnique(s string) int {
	// TODO: slide a window; remember where each byte was last seen ([128]int works).
	return 0
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
