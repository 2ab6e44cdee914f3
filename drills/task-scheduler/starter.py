import sys


def run_order(tasks):
    """Return the task numbers in the order the CPU runs them.

    tasks[i] is (arrival, priority, duration) of task i."""
    # TODO: sort task numbers by arrival, then keep the ready ones in a min-heap
    # (heapq) on (priority, arrival, number).
    return []


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    tasks = [
        (int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i]))
        for i in range(n)
    ]
    print(" ".join(map(str, run_order(tasks))))


if __name__ == "__main__":
    main()
