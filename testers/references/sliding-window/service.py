#!/usr/bin/env python3
"""Reference solution of the sliding-window stage: day3-limiter's service with a sliding
window log, so no rolling window of WINDOW_MS ever lets more than the limit through.

Each route and address has a sorted set, KEY_PREFIX + "rl:log:ROUTE:ip:ADDRESS", of the
requests it let through (score: the Redis server's time in ms). One Lua script drops what
left the window, counts the rest and logs the request when there is room, atomically; the
log expires one window after its last entry. Retry-After is the wait until the oldest
logged request leaves the window, rounded up to whole seconds.
"""
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "day3-limiter"))
import service  # noqa: E402

# KEYS[1] the log; ARGV: [1] window (ms), [2] limit, [3] request id.
# Returns -1 when the request is logged (allowed), else the ms until there is room.
SLIDING_LOG = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return -1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now
"""


class SlidingLogLimiter(service.Limiter):
    def __init__(self):
        super().__init__()
        self.script = self.redis.register_script(SLIDING_LOG)

    def check(self, path, address):
        route = self.route(path)
        limit = self.route_limits.get(route, self.limit)
        key = f"{self.prefix}rl:log:{route}:ip:{address}"
        wait = self.script(keys=[key], args=[self.window_ms, limit, uuid.uuid4().hex])
        if wait < 0:
            return True, None
        return False, max(1, -(-wait // 1000))


if __name__ == "__main__":
    service.serve(SlidingLogLimiter())
