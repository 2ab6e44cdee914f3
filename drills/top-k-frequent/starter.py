import sys


def top_k_frequent(nums, k):
    """Return the k most frequent values of nums, most frequent first;
    equal counts put the smaller value first."""
    # TODO: count with a dict, then keep the k best in a heap (heapq).
    return []


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    nums = [int(x) for x in data[2:2 + n]]
    print(" ".join(map(str, top_k_frequent(nums, k))))


if __name__ == "__main__":
    main()
