#!/usr/bin/env python3
"""Starter for the day2-cache stage (redis-tutor test list day2-cache says what to build).

Run it with: redis-tutor test day2-cache -- python3 main.py
It listens on PORT and answers 501 with a TODO: write the cache-aside read and the write.
"""
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis  # Debian: apt install python3-redis; elsewhere: pip install redis

CACHE = redis.Redis.from_url(os.environ["REDIS_URL"])
PREFIX = os.environ["KEY_PREFIX"]
ITEMS_URL = os.environ["ITEMS_URL"]
ROUTE = re.compile(r"^/items/([A-Za-z0-9_-]+)$")


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        match = ROUTE.match(self.path)
        if not match:
            self.answer(404, b'{"error":"no such route"}')
            return
        # TODO: GET PREFIX + "item:" + id from CACHE; on a miss read ITEMS_URL/items/<id>,
        # SET it with a TTL (EX), and answer 200 with the item; 404 for a missing item
        # (cache that too, briefly); 502 when the store fails.
        self.answer(501, b'{"error":"TODO: cache-aside GET /items/ID is not written yet"}')

    def do_PUT(self):
        # TODO: PUT the body to ITEMS_URL/items/<id>, then DEL the cached key; answer 204.
        self.answer(501, b'{"error":"TODO: PUT /items/ID is not written yet"}')


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
