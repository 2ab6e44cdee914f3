#!/usr/bin/env python3
"""Known-bad for day3-limiter: sends the counter's TTL as Retry-After. The TTL started at the
window's first request, not at the window's start, so it overstates the wait and
retry-after must fail."""
import service


class TTLRetryAfterLimiter(service.Limiter):
    def retry_after(self, key, now):
        return -(-self.redis.pttl(key) // 1000)


service.serve(TTLRetryAfterLimiter())
