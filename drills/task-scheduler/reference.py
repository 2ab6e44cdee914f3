"""Reference solution: what a correct program prints."""
import heapq
import sys


def run_order(tasks):
    order = sorted(range(len(tasks)), key=lambda i: (tasks[i][0], i))
    ready, out, now, j = [], [], 0, 0
    while len(out) < len(tasks):
        while j < len(order) and tasks[order[j]][0] <= now:
            i = order[j]
            heapq.heappush(ready, (tasks[i][1], tasks[i][0], i))
            j += 1
        if not ready:
            now = tasks[order[j]][0]
            continue
        _, _, i = heapq.heappop(ready)
        out.append(i)
        now += tasks[i][2]
    return out


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
