import sys


def kth_largest(nums, k):
    """Return the k-th largest value of nums (1 <= k <= len(nums)), counting duplicates."""
    # TODO: keep a min-heap of the k largest values seen so far (heapq);
    # its root is the answer.
    return 0


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    nums = [int(x) for x in data[2:2 + n]]
    print(kth_largest(nums, k))


if __name__ == "__main__":
    main()
