#!/usr/bin/env python3
"""Reference solution of the day2-cache stage: cache-aside for GET /items/ID.

Items are cached under KEY_PREFIX + "item:ID" for 300 s; an item the store lacks is cached
as a marker for 30 s, so a missing item does not send every request to the store. PUT writes
the store, then deletes the cached key. Known-bad variants beside it change one method.
"""
import os
import re
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

ITEM_TTL_SECONDS = 300
MISSING_TTL_SECONDS = 30
MISSING = b"\x00missing"
# ITEMS_URL is on 127.0.0.1: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StoreError(Exception):
    """The item store failed or could not be reached."""


class Cache:
    """Cache-aside over the item store at ITEMS_URL."""

    def __init__(self):
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"])
        self.prefix = os.environ["KEY_PREFIX"]
        self.store = os.environ["ITEMS_URL"]

    def key(self, item_id):
        return f"{self.prefix}item:{item_id}"

    def fill(self, key, value, ttl):
        self.redis.set(key, value, ex=ttl)

    def invalidate(self, key):
        self.redis.delete(key)

    def load(self, item_id):
        """(200, body) or (404, None) from the store; raises StoreError on anything else."""
        try:
            with OPENER.open(f"{self.store}/items/{item_id}", timeout=3) as answer:
                return 200, answer.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return 404, None
            raise StoreError(f"the item store answered {error.code}") from error
        except OSError as error:
            raise StoreError(f"the item store is unreachable: {error}") from error

    def load_and_fill(self, item_id):
        status, body = self.load(item_id)
        if status == 404:
            self.fill(self.key(item_id), MISSING, MISSING_TTL_SECONDS)
        else:
            self.fill(self.key(item_id), body, ITEM_TTL_SECONDS)
        return status, body

    def get(self, item_id):
        cached = self.redis.get(self.key(item_id))
        if cached is not None:
            return (404, None) if cached == MISSING else (200, cached)
        return self.load_and_fill(item_id)

    def put(self, item_id, body):
        request = urllib.request.Request(
            f"{self.store}/items/{item_id}", data=body, method="PUT",
            headers={"Content-Type": "application/json"})
        try:
            OPENER.open(request, timeout=3).close()
        except urllib.error.HTTPError as error:
            raise StoreError(f"the item store answered {error.code}") from error
        except OSError as error:
            raise StoreError(f"the item store is unreachable: {error}") from error
        self.invalidate(self.key(item_id))


def item_routes(cache):
    """A request handler class answering GET and PUT /items/ID from `cache` (day 6 adds to it)."""
    route = re.compile(r"^/items/([A-Za-z0-9_-]+)$")

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def item_id(self):
            match = route.match(self.path)
            if not match:
                self.answer(404, b'{"error":"no such route"}')
            return match and match.group(1)

        def do_GET(self):
            item_id = self.item_id()
            if not item_id:
                return
            try:
                status, body = cache.get(item_id)
            except StoreError as error:
                self.answer(502, f'{{"error":"{error}"}}'.encode())
                return
            self.answer(status, body if status == 200 else b'{"error":"no such item"}')

        def do_PUT(self):
            item_id = self.item_id()
            if not item_id:
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                cache.put(item_id, body)
            except StoreError as error:
                self.answer(502, f'{{"error":"{error}"}}'.encode())
                return
            self.send_response(204)
            self.end_headers()

    return Handler


def serve(cache):
    """Serves GET and PUT /items/ID on 127.0.0.1:PORT until killed."""
    ThreadingHTTPServer.request_queue_size = 128  # 50 requests may arrive at once
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), item_routes(cache))
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(Cache())
