import sys


def window_max(nums, k):
    """Return the maximum of every window of k consecutive values of nums."""
    # TODO: keep a deque (collections.deque) of indices whose values decrease.
    return []


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    nums = [int(x) for x in data[2:2 + n]]
    print(" ".join(map(str, window_max(nums, k))))


if __name__ == "__main__":
    main()
