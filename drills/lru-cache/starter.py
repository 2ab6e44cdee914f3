import sys


class LRUCache:
    """Holds at most capacity keys, evicting the least recently used."""

    def __init__(self, capacity):
        self.capacity = capacity
        # TODO: a dict plus recency order (collections.OrderedDict works).

    def get(self, key):
        """Return the value of key, or -1, and mark key as the most recently used."""
        # TODO
        return -1

    def put(self, key, value):
        """Store value under key as the most recently used, evicting the least
        recently used key first if key is new and the cache is full."""
        # TODO
        pass


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
