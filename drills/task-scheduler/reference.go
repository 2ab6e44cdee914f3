// Reference solution: what a correct program prints.

package main

import (
	"bufio"
	"container/heap"
	"os"
	"sort"
	"strconv"
)

// Task is one line of the input; its number is its position.
type Task struct {
	Arrival, Priority, Duration int
}

// ready is a min-heap of task numbers on (priority, arrival, number) for container/heap.
type ready struct {
	tasks   []Task
	numbers []int
}

func (r ready) Len() int { return len(r.numbers) }
func (r ready) Less(i, j int) bool {
	a, b := r.tasks[r.numbers[i]], r.tasks[r.numbers[j]]
	if a.Priority != b.Priority {
		return a.Priority < b.Priority
	}
	if a.Arrival != b.Arrival {
		return a.Arrival < b.Arrival
	}
	return r.numbers[i] < r.numbers[j]
}
func (r ready) Swap(i, j int)       { r.numbers[i], r.numbers[j] = r.numbers[j], r.numbers[i] }
func (r *ready) Push(x interface{}) { r.numbers = append(r.numbers, x.(int)) }
func (r *ready) Pop() interface{} {
	x := r.numbers[len(r.numbers)-1]
	r.numbers = r.numbers[:len(r.numbers)-1]
	return x
}

// runOrder returns the task numbers in the order the CPU runs them.
func runOrder(tasks []Task) []int {
	byArrival := make([]int, len(tasks))
	for i := range byArrival {
		byArrival[i] = i
	}
	sort.SliceStable(byArrival, func(i, j int) bool {
		return tasks[byArrival[i]].Arrival < tasks[byArrival[j]].Arrival
	})
	waiting := &ready{tasks: tasks}
	order := make([]int, 0, len(tasks))
	now, next := 0, 0
	for len(order) < len(tasks) {
		for next < len(byArrival) && tasks[byArrival[next]].Arrival <= now {
			heap.Push(waiting, byArrival[next])
			next++
		}
		if waiting.Len() == 0 {
			now = tasks[byArrival[next]].Arrival
			continue
		}
		number := heap.Pop(waiting).(int)
		order = append(order, number)
		now += tasks[number].Duration
	}
	return order
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
