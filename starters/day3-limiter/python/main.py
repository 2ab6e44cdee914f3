#!/usr/bin/env python3
"""Starter for the day3-limiter stage (redis-tutor test list day3-limiter says what to build).

Run it with: redis-tutor test day3-limiter -- python3 main.py
It listens on PORT and answers 501 with a TODO: write the limiter, then answer the routes.
"""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis  # Debian: apt install python3-redis; elsewhere: pip install redis

REDIS = redis.Redis.from_url(os.environ["REDIS_URL"])
PREFIX = os.environ["KEY_PREFIX"]
LIMIT = int(os.environ["LIMIT"])
WINDOW_MS = int(os.environ["WINDOW_MS"])
ROUTE_LIMITS = os.environ.get("ROUTE_LIMITS", "")  # "/login=2,/search=8"


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
        address = self.client_address[0]  # the client: the connection's source address
        # TODO: window = Redis TIME in ms // WINDOW_MS; INCR PREFIX + "rl:ROUTE:ip:" + address
        # + ":" + window with PEXPIRE … NX in one MULTI (pipeline(transaction=True)); over the
        # limit (LIMIT, or the route's in ROUTE_LIMITS) answer 429 with Retry-After = the
        # seconds left in the window, rounded up; else 200 for /items/ID, /login, /search.
        self.answer(501, b'{"error":"TODO: the rate limiter is not written yet"}')


if __name__ == "__main__":
    ThreadingHTTPServer.request_queue_size = 256  # the tester sends 200 requests at once
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
