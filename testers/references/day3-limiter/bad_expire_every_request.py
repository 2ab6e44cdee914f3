#!/usr/bin/env python3
"""Known-bad for day3-limiter: one counter per address whose TTL is renewed on every request,
so the window never ends while requests keep coming and allowed-again must fail."""
import service


class RenewedWindowLimiter(service.Limiter):
    def key(self, route, address, window):
        return f"{self.prefix}rl:{route}:ip:{address}"

    def count(self, key, now):
        count = self.redis.incr(key)
        self.redis.pexpire(key, self.window_ms)
        return count


service.serve(RenewedWindowLimiter())
