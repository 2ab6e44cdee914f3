import sys


def shortest_path(grid):
    """Return the fewest moves from 'S' to 'G' in grid (a list of strings), or -1."""
    # TODO: breadth-first search from S with collections.deque and a distance per cell.
    return -1


def main():
    data = sys.stdin.read().split()
    rows = int(data[0])
    grid = data[2:2 + rows]
    print(shortest_path(grid))


if __name__ == "__main__":
    main()
