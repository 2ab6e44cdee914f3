#!/usr/bin/env python3
"""Starter for the day5-notifications stage (redis-tutor test list day5-notifications says
what to build).

Run it with: redis-tutor test day5-notifications -- python3 main.py
It listens on PORT, starts WORKERS worker threads that do nothing yet, and answers 501 with a
TODO: store and queue the job, then send it from a worker.
"""
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis  # Debian: apt install python3-redis; elsewhere: pip install redis

REDIS = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)
PREFIX = os.environ["KEY_PREFIX"]
EMAIL_URL = os.environ["EMAIL_URL"]
WORKERS = int(os.environ["WORKERS"])
MAX_ATTEMPTS = int(os.environ["MAX_ATTEMPTS"])
BACKOFF_MS = int(os.environ["BACKOFF_MS"])
STOPPING = threading.Event()


def work():
    """One worker: take jobs and send them until SIGTERM."""
    while not STOPPING.is_set():
        # TODO: LMOVE a job id from PREFIX + "notifications:queue" into a processing list
        # (BLMOVE with a short timeout), POST {"to","subject","body"} to EMAIL_URL + "/send"
        # with the header Idempotency-Key, mark the job done, and LREM it; retry a 5xx after
        # BACKOFF_MS (doubling) up to MAX_ATTEMPTS sends, then RPUSH its id on
        # PREFIX + "notifications:dead".
        STOPPING.wait(0.2)


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path != "/notifications":
            self.answer(404, b'{"error":"no such route"}')
            return
        # TODO: claim the idempotency_key with SET ... NX; for a new key store the job's hash
        # PREFIX + "notification:" + id (status queued), LPUSH its id on the queue, and
        # answer 202 {"id": id}; for a key seen before answer 200 with the first job's id.
        self.answer(501, b'{"error":"TODO: POST /notifications is not written yet"}')


if __name__ == "__main__":
    # TODO: put back on the queue the jobs a killed run left in the processing list.
    workers = [threading.Thread(target=work) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)

    def stop(_signal, _frame):
        STOPPING.set()
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"listening on 127.0.0.1:{server.server_port} with {WORKERS} workers", flush=True)
    server.serve_forever()
    for worker in workers:
        worker.join()
