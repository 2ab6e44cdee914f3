#!/usr/bin/env python3
"""Reference solution of the cache-stampede stage: day2-cache's service with single flight.

On a miss, the request that wins KEY_PREFIX + "lock:ID" (SET NX PX) loads the item; the
others poll the cache until it is filled, so a cold item is read from the store once.
"""
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "day2-cache"))
import service  # noqa: E402

LOCK_MILLISECONDS = 5000
RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class SingleFlightCache(service.Cache):
    def cached(self, item_id):
        """(status, body) from the cache, or None when the item is not cached."""
        value = self.redis.get(self.key(item_id))
        if value is None:
            return None
        return (404, None) if value == service.MISSING else (200, value)

    def load_and_fill(self, item_id):
        lock = f"{self.prefix}lock:{item_id}"
        token = uuid.uuid4().hex
        deadline = time.monotonic() + LOCK_MILLISECONDS / 1000
        while time.monotonic() < deadline:
            found = self.cached(item_id)
            if found:
                return found
            if self.redis.set(lock, token, nx=True, px=LOCK_MILLISECONDS):
                try:
                    # Filled by the last holder while this request waited for the lock?
                    return self.cached(item_id) or super().load_and_fill(item_id)
                finally:
                    self.redis.eval(RELEASE, 1, lock, token)
            time.sleep(0.02)
        return super().load_and_fill(item_id)


service.serve(SingleFlightCache())
