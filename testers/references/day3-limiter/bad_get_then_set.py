#!/usr/bin/env python3
"""Known-bad for day3-limiter: reads the counter, then writes it back one higher (GET then
SET), so concurrent requests read the same count and concurrent-requests must fail."""
import service


class GetThenSetLimiter(service.Limiter):
    def count(self, key, now):
        count = int(self.redis.get(key) or 0) + 1
        self.redis.set(key, count, px=self.window_ms)
        return count


service.serve(GetThenSetLimiter())
