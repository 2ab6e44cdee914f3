#!/usr/bin/env python3
"""Reference solution of the cache-metrics stage: day2-cache's service counting hits and misses.

Every GET ends in exactly one INCR: KEY_PREFIX + "metrics:cache:hits" when the cache answered,
KEY_PREFIX + "metrics:cache:misses" when the item store was read.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "day2-cache"))
import service  # noqa: E402


class CountingCache(service.Cache):
    def count(self, outcome):
        self.redis.incr(f"{self.prefix}metrics:cache:{outcome}")

    def get(self, item_id):
        cached = self.redis.get(self.key(item_id))
        if cached is not None:
            self.count("hits")
            return (404, None) if cached == service.MISSING else (200, cached)
        self.count("misses")
        return self.load_and_fill(item_id)


if __name__ == "__main__":
    service.serve(CountingCache())
