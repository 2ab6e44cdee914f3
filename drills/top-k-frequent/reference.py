"""Reference solution: what a correct program prints."""
import sys
from collections import Counter


def top_k_frequent(nums, k):
    ranked = sorted(Counter(nums).items(), key=lambda entry: (-entry[1], entry[0]))
    return [value for value, _ in ranked[:k]]


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    nums = [int(x) for x in data[2:2 + n]]
    print(" ".join(map(str, top_k_frequent(nums, k))))


if __name__ == "__main__":
    main()
