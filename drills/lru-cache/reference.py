"""Reference solution: what a correct program prints."""
import sys
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()

    def get(self, key):
        if key not in self.entries:
            return -1
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key, value):
        if key in self.entries:
            self.entries.move_to_end(key)
        elif len(self.entries) == self.capacity:
            self.entries.popitem(last=False)
        self.entries[key] = value


def main():
    data = sys.stdin.buffer.read().split()
    cache = LRUCache(int(data[0]))
    q = int(data[1])
    position = 2
    out = []
    for _ in range(q):
        if data[position] == b"get":
            out.append(str(cache.get(int(data[position + 1]))))
            position += 2
        else:
            cache.put(int(data[position + 1]), int(data[position + 2]))
            position += 3
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
