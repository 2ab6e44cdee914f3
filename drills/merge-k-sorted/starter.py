import sys


def merge_k_sorted(lists):
    """Merge the sorted lists into one sorted list."""
    # TODO: keep a min-heap of each list's next value (heapq).
    return []


def main():
    data = sys.stdin.buffer.read().split()
    k = int(data[0])
    position = 1
    lists = []
    for _ in range(k):
        m = int(data[position])
        lists.append([int(x) for x in data[position + 1:position + 1 + m]])
        position += 1 + m
    print(" ".join(map(str, merge_k_sorted(lists))))


if __name__ == "__main__":
    main()
