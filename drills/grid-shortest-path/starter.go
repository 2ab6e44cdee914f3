package main

import (
	"bufio"
	"os"
	"strconv"
)

// shortestPath returns the fewest moves from 'S' to 'G' in grid, or -1.
func shortestPath(grid []string) int {
	// TODO: breadth-first search from S with a queue (a slice and a head index)
	// and a distance per cell.
	return -1
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	in.Split(bufio.ScanWords)
	in.Scan()
	rows, _ := strconv.Atoi(in.Text())
	in.Scan() // cols: every row has that many characters
	grid := make([]string, rows)
	for i := range grid {
		in.Scan()
		grid[i] = in.Text()
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	out.WriteString(strconv.Itoa(shortestPath(grid)) + "\n")
}
