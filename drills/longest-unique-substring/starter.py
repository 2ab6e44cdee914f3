import sys


def longest_unique(s):
    """Return the length of the longest substring of s with no repeated character."""
    # TODO: slide a window; remember where each character was last seen (a dict).
    return 0


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    s = data[1] if n > 0 else ""
    print(longest_unique(s))


if __name__ == "__main__":
    main()
