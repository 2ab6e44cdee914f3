// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"os"
	"strconv"
)

// shortestPath returns the fewest moves from 'S' to 'G' in grid, or -1.
func shortestPath(grid []string) int {
	rows := len(grid)
	if rows == 0 {
		return -1
	}
	columns := len(grid[0])
	distance := make([]int, rows*columns)
	queue := make([]int, 0, rows*columns)
	for i := range distance {
		distance[i] = -1
		if grid[i/columns][i%columns] == 'S' {
			distance[i] = 0
			queue = append(queue, i)
		}
	}
	for head := 0; head < len(queue); head++ {
		cell := queue[head]
		r, c := cell/columns, cell%columns
		if grid[r][c] == 'G' {
			return distance[cell]
		}
		for _, step := range [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
			nr, nc := r+step[0], c+step[1]
			if nr < 0 || nr >= rows || nc < 0 || nc >= columns || grid[nr][nc] == '#' {
				continue
			}
			if next := nr*columns + nc; distance[next] < 0 {
				distance[next] = distance[cell] + 1
				queue = append(queue, next)
			}
		}
	}
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
