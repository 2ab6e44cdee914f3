#!/usr/bin/env python3
"""Reference solution of the day3-limiter stage: a per-address fixed-window rate limiter.

Windows are aligned to multiples of WINDOW_MS on the Redis server's clock (TIME): window
number = now_ms // WINDOW_MS. Each request counts in KEY_PREFIX + "rl:ROUTE:ip:ADDRESS:N"
with INCR and PEXPIRE … NX in one MULTI/EXEC, so concurrent requests never race and the TTL
is set once per window. A request over the limit gets 429 with Retry-After: the seconds left
until the window's end, rounded up. Known-bad variants beside it change one method.
"""
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis


def parse_route_limits(text):
    """{"/login": 2, "/search": 8} from "/login=2,/search=8" (empty or unset: no routes)."""
    limits = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        route, _, number = pair.partition("=")
        limits[route.strip()] = int(number)
    return limits


class Limiter:
    """Fixed windows in Redis, one counter per route, address and window."""

    def __init__(self):
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"])
        self.prefix = os.environ["KEY_PREFIX"]
        self.limit = int(os.environ["LIMIT"])
        self.window_ms = int(os.environ["WINDOW_MS"])
        self.route_limits = parse_route_limits(os.environ.get("ROUTE_LIMITS", ""))

    def now_ms(self):
        seconds, microseconds = self.redis.time()
        return seconds * 1000 + microseconds // 1000

    def route(self, path):
        """The counter a path counts on: its own when ROUTE_LIMITS names it, else "default"."""
        return path if path in self.route_limits else "default"

    def key(self, route, address, window):
        return f"{self.prefix}rl:{route}:ip:{address}:{window}"

    def count(self, key, now):
        """The request's number in its window; the key lives one window from its first."""
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.pexpire(key, self.window_ms, nx=True)
            count, _ = pipe.execute()
        return count

    def retry_after(self, key, now):
        """Whole seconds until the current window ends, rounded up."""
        end = (now // self.window_ms + 1) * self.window_ms
        return -(-(end - now) // 1000)

    def check(self, path, address):
        """(True, None) when the request may pass, else (False, Retry-After seconds)."""
        route = self.route(path)
        limit = self.route_limits.get(route, self.limit)
        now = self.now_ms()
        key = self.key(route, address, now // self.window_ms)
        if self.count(key, now) <= limit:
            return True, None
        return False, self.retry_after(key, now)


def serve(limiter):
    """Serves GET /items/ID, /login and /search on 127.0.0.1:PORT until killed."""
    item = re.compile(r"^/items/([A-Za-z0-9_-]+)$")

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body, headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?")[0]
            allowed, retry_after = limiter.check(path, self.client_address[0])
            if not allowed:
                self.answer(429, b'{"error":"too many requests"}',
                            [("Retry-After", str(retry_after))])
            elif item.match(path) or path in ("/login", "/search"):
                self.answer(200, f'{{"path":"{path}","ok":true}}'.encode())
            else:
                self.answer(404, b'{"error":"no such route"}')

        def log_message(self, format, *args):
            pass  # 200 requests at once: one line each would hide the rest

    ThreadingHTTPServer.request_queue_size = 256  # 200 requests arrive at once
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(Limiter())
