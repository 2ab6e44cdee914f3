#!/usr/bin/env python3
"""Known-bad for day3-limiter: counts with INCR alone, leaving immortal counters, so
keys-expire must fail."""
import service


class ImmortalCounterLimiter(service.Limiter):
    def count(self, key, now):
        return self.redis.incr(key)


service.serve(ImmortalCounterLimiter())
