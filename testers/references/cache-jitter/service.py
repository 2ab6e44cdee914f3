#!/usr/bin/env python3
"""Reference solution of the cache-jitter stage: day2-cache's service with jittered TTLs.

Each item's TTL is the base TTL plus a random 0-10%, so items cached together do not all
expire at the same moment.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "day2-cache"))
import service  # noqa: E402


class JitteredCache(service.Cache):
    def fill(self, key, value, ttl):
        super().fill(key, value, ttl + random.randint(0, ttl // 10))


service.serve(JitteredCache())
