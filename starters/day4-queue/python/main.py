#!/usr/bin/env python3
"""Starter for the day4-queue stage (redis-tutor test list day4-queue says what to build).

Run it with: redis-tutor test day4-queue -- python3 main.py
It takes jobs from the queue but does not do them yet: each job it takes is printed with a
TODO. Write the try at SINK_URL/attempt, the done report, the retries and the dead letters.
"""
import json
import os
import threading

import redis  # Debian: apt install python3-redis; elsewhere: pip install redis

QUEUE = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)
PREFIX = os.environ["KEY_PREFIX"]
SINK_URL = os.environ["SINK_URL"]
WORKERS = int(os.environ["WORKERS"])
MAX_ATTEMPTS = int(os.environ["MAX_ATTEMPTS"])
BACKOFF_BASE_MS = int(os.environ["BACKOFF_BASE_MS"])


def handle(raw):
    job = json.loads(raw)
    # TODO: count the try (HINCRBY PREFIX + "attempts" id 1), POST {"job": id, "attempt": n}
    # to SINK_URL/attempt; on 2xx POST the same to SINK_URL/done; on 5xx schedule a retry
    # (ZADD PREFIX + "retry" with the run-at time) after D/2 + random(0, D/2) ms,
    # D = BACKOFF_BASE_MS * 2**(n-1); on 4xx or after MAX_ATTEMPTS tries LPUSH raw onto
    # PREFIX + "dead". A poller thread moves due retries back to the queue.
    print(f"TODO: job {job['id']} taken but not done: POST it to SINK_URL/attempt", flush=True)


def loop():
    while True:
        taken = QUEUE.brpop(PREFIX + "queue", timeout=1)
        if taken:
            handle(taken[1])


if __name__ == "__main__":
    print(f"worker: {WORKERS} loops on {PREFIX}queue", flush=True)
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
