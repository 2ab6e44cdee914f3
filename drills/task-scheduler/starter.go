package main

import (
	"bufio"
	"os"
	"strconv"
)

// Task is one line of the input; its number is its position.
type Task struct {
	Arrival, Priority, Duration int
}

// runOrder returns the task numbers in the order the CPU runs them.
func runOrder(tasks []Task) []int {
	// TODO: sort task numbers by arrival, then keep the ready ones in a min-heap
	// (container/heap) on (priority, arrival, number).
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
	tasks := make([]Task, nextInt())
	for i := range tasks {
		tasks[i] = Task{Arrival: nextInt(), Priority: nextInt(), Duration: nextInt()}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i, number := range runOrder(tasks) {
		if i > 0 {
			out.WriteString(" ")
		}
		out.WriteString(strconv.Itoa(number))
	}
	out.WriteString("\n")
}
