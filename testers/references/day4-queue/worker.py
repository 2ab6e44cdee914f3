#!/usr/bin/env python3
"""Reference solution of the day4-queue stage: a worker with retries and a dead-letter list.

WORKERS loops take jobs from the right of KEY_PREFIX + "queue" with BRPOP. Each try is a
POST to SINK_URL/attempt; a 2xx is reported to SINK_URL/done, a 5xx is retried after an
equal-jitter exponential backoff (scheduled in the sorted set KEY_PREFIX + "retry", moved
back to the queue by a poller), and a 4xx or the last failed try sends the job, unchanged,
to KEY_PREFIX + "dead". Try counts live in the hash KEY_PREFIX + "attempts".
Known-bad variants beside it change one method; reliable-queue's worker extends it.
"""
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request

import redis

# SINK_URL is on 127.0.0.1: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Worker:
    def __init__(self):
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)
        prefix = os.environ["KEY_PREFIX"]
        self.queue = prefix + "queue"
        self.retry = prefix + "retry"
        self.dead = prefix + "dead"
        self.attempts = prefix + "attempts"
        self.sink = os.environ["SINK_URL"]
        self.workers = int(os.environ.get("WORKERS", "1"))
        self.max_attempts = int(os.environ.get("MAX_ATTEMPTS", "4"))
        self.base_ms = int(os.environ.get("BACKOFF_BASE_MS", "200"))

    def post(self, route, job_id, attempt):
        """The sink's status for POST SINK_URL/route, or 0 when it could not be reached."""
        body = json.dumps({"job": job_id, "attempt": attempt}).encode()
        request = urllib.request.Request(
            self.sink + route, data=body, method="POST",
            headers={"Content-Type": "application/json"})
        try:
            with OPENER.open(request, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def backoff_seconds(self, attempt):
        """Equal jitter: half of BASE × 2^(attempt−1), plus a random part up to the other half."""
        full = self.base_ms * 2 ** (attempt - 1) / 1000
        return full / 2 + random.uniform(0, full / 2)

    def take(self):
        """The next job's JSON, or None after a second without one."""
        taken = self.redis.brpop(self.queue, timeout=1)
        return taken and taken[1]

    def finish(self, raw):
        """Called once a job is done, retried or dead-lettered."""

    def schedule_retry(self, raw, attempt):
        run_at = (time.time() + self.backoff_seconds(attempt)) * 1000
        self.redis.zadd(self.retry, {raw: run_at})
        self.finish(raw)

    def dead_letter(self, raw):
        self.redis.lpush(self.dead, raw)
        self.finish(raw)

    def handle(self, raw):
        job_id = json.loads(raw)["id"]
        attempt = self.redis.hincrby(self.attempts, job_id, 1)
        status = self.post("/attempt", job_id, attempt)
        # One write per line (end=""), so lines of the WORKERS threads do not interleave.
        if 200 <= status < 300:
            self.post("/done", job_id, attempt)
            self.redis.hdel(self.attempts, job_id)
            self.finish(raw)
            print(f"done {job_id} on try {attempt}\n", end="", flush=True)
        elif (status >= 500 or status == 0) and attempt < self.max_attempts:
            self.schedule_retry(raw, attempt)
            print(f"retry {job_id}: try {attempt} got {status}\n", end="", flush=True)
        else:
            self.redis.hdel(self.attempts, job_id)
            self.dead_letter(raw)
            print(f"dead {job_id}: try {attempt} got {status}\n", end="", flush=True)

    def loop(self):
        while True:
            raw = self.take()
            if raw is not None:
                self.handle(raw)

    def move_due_retries(self):
        """Every 20 ms, moves the retries that are due back to the queue."""
        while True:
            now = time.time() * 1000
            for raw in self.redis.zrangebyscore(self.retry, "-inf", now, start=0, num=100):
                # Only the caller whose ZREM removed it queues it.
                if self.redis.zrem(self.retry, raw) == 1:
                    self.redis.lpush(self.queue, raw)
            time.sleep(0.02)

    def recover(self):
        """Called once at start, before any job is taken."""

    def run(self):
        self.recover()
        threading.Thread(target=self.move_due_retries, daemon=True).start()
        loops = [threading.Thread(target=self.loop, daemon=True) for _ in range(self.workers)]
        for loop in loops:
            loop.start()
        print(f"worker: {self.workers} loops on {self.queue}\n", end="", flush=True)
        for loop in loops:
            loop.join()


if __name__ == "__main__":
    Worker().run()
