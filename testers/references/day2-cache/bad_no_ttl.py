#!/usr/bin/env python3
"""Known-bad for day2-cache: caches items without a TTL, so miss-fills must fail."""
import service


class CacheWithoutTTL(service.Cache):
    def fill(self, key, value, ttl):
        self.redis.set(key, value)


service.serve(CacheWithoutTTL())
