#!/usr/bin/env python3
"""Reference solution of the day5-notifications stage: POST /notifications and its workers.

One process: an HTTP server on PORT and WORKERS worker threads. Keys under KEY_PREFIX:
  notifications:next-id     INCR gives each job its id
  notifications:key:KEY     the idempotency key's claim (SET NX, 24 h), holding the job id
  notification:ID           the job's hash: the email, status, attempts
  notifications:queue       job ids waiting (LPUSH in, LMOVE out from the right)
  notifications:processing  job ids a worker holds; put back on the queue at start
  notifications:dead        job ids that could not be delivered
A 5xx (or no answer) is retried in the worker after BACKOFF_MS, doubling, with jitter, up
to MAX_ATTEMPTS sends; a 4xx is dead-lettered at once. SIGTERM stops the server and the
workers take no new job, finish the one they hold, and the program exits. Known-bad
variants beside it change one method each.
"""
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

IDEMPOTENCY_SECONDS = 24 * 3600
# EMAIL_URL is on 127.0.0.1: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def say(line):
    """Prints one line in one write, so lines of threads printing at once never interleave."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class SendFailed(Exception):
    """A send that was not delivered; `permanent` when retrying cannot help (a 4xx)."""

    def __init__(self, message, permanent):
        super().__init__(message)
        self.permanent = permanent


class Notifications:
    """The job store in Redis, the provider client and the worker loop."""

    def __init__(self):
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)
        self.prefix = os.environ["KEY_PREFIX"]
        self.email_url = os.environ["EMAIL_URL"]
        self.workers = int(os.environ.get("WORKERS", "2"))
        self.max_attempts = int(os.environ.get("MAX_ATTEMPTS", "4"))
        self.backoff = int(os.environ.get("BACKOFF_MS", "100")) / 1000
        self.queue = self.prefix + "notifications:queue"
        self.processing = self.prefix + "notifications:processing"
        self.dead = self.prefix + "notifications:dead"
        self.stopping = threading.Event()

    def job_key(self, job_id):
        return f"{self.prefix}notification:{job_id}"

    # The request side.

    def claim(self, idempotency_key, job_id):
        """The id of the job that owns the key: `job_id` when this call claimed it."""
        claim = f"{self.prefix}notifications:key:{idempotency_key}"
        if self.redis.set(claim, job_id, nx=True, ex=IDEMPOTENCY_SECONDS):
            return job_id
        return self.redis.get(claim)

    def accept(self, email):
        """Stores and queues the job: (202, id), or (200, id) of the first job for its key."""
        job_id = str(self.redis.incr(self.prefix + "notifications:next-id"))
        owner = self.claim(email["idempotency_key"], job_id)
        if owner != job_id:
            return 200, owner
        record = dict(email, status="queued", attempts=0, enqueued_at=time.time())
        with self.redis.pipeline() as pipe:
            pipe.hset(self.job_key(job_id), mapping=record)
            self.enqueue(pipe, job_id)
            pipe.execute()
        return 202, job_id

    def enqueue(self, pipe, job_id):
        """Queues the job for the workers, in the same transaction as its record."""
        pipe.lpush(self.queue, job_id)

    # The worker side.

    def recover(self):
        """Puts back on the queue the jobs a killed run held (this is the only process)."""
        while self.redis.lmove(self.processing, self.queue, "RIGHT", "RIGHT"):
            pass

    def send(self, job):
        """POSTs the email to the provider; raises SendFailed when it is not delivered."""
        body = json.dumps({k: job[k] for k in ("to", "subject", "body")}).encode()
        request = urllib.request.Request(
            self.email_url + "/send", data=body, method="POST",
            headers={"Content-Type": "application/json",
                     "Idempotency-Key": job["idempotency_key"]})
        try:
            OPENER.open(request, timeout=10).close()
        except urllib.error.HTTPError as error:
            raise SendFailed(f"the provider answered {error.code}", error.code < 500) from error
        except OSError as error:
            raise SendFailed(f"the provider is unreachable: {error}", False) from error

    def delay(self, attempt):
        """Seconds before retry number `attempt` (1, 2 …): doubling, jittered, at most 2 s."""
        base = self.backoff * 2 ** (attempt - 1)
        return min(base + random.uniform(0, base / 2), 2.0)

    def finish(self, job_id, status, dead=False):
        with self.redis.pipeline() as pipe:
            pipe.hset(self.job_key(job_id), mapping={"status": status, "finished_at": time.time()})
            if dead:
                pipe.rpush(self.dead, job_id)
            pipe.lrem(self.processing, 1, job_id)
            pipe.execute()

    def process(self, job_id):
        job = self.redis.hgetall(self.job_key(job_id))
        if not job:
            self.redis.lrem(self.processing, 1, job_id)
            return
        while True:
            attempts = self.redis.hincrby(self.job_key(job_id), "attempts", 1)
            self.redis.hset(self.job_key(job_id), "status", "sending")
            try:
                self.send(job)
            except SendFailed as failure:
                if failure.permanent or attempts >= self.max_attempts:
                    say(f"job {job_id}: {failure}; dead-lettered")
                    self.finish(job_id, "dead", dead=True)
                    return
                self.redis.hset(self.job_key(job_id), "status", "retrying")
                time.sleep(self.delay(attempts))
                continue
            say(f"job {job_id}: delivered to {job['to']}")
            self.finish(job_id, "done")
            return

    def work(self):
        while not self.stopping.is_set():
            job_id = self.redis.blmove(self.queue, self.processing, 0.2, "RIGHT", "LEFT")
            if job_id:
                self.process(job_id)


def parse(raw):
    """The posted notification, or an error message."""
    try:
        email = json.loads(raw)
    except ValueError:
        return None, "the body is not JSON"
    if not isinstance(email, dict):
        return None, "the body must be a JSON object"
    for field in ("to", "subject", "body", "idempotency_key"):
        if not isinstance(email.get(field), str) or not email[field]:
            return None, f"'{field}' must be a non-empty string"
    if email.get("channel", "email") != "email":
        return None, "only the email channel is supported"
    fields = ("user_id", "channel", "to", "subject", "body", "idempotency_key")
    return {k: str(email.get(k, "")) for k in fields}, None


def serve(notifications):
    """Runs the workers and serves POST /notifications on 127.0.0.1:PORT until SIGTERM."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, payload):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            if self.path != "/notifications":
                self.answer(404, {"error": "no such route"})
                return
            email, error = parse(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            if error:
                self.answer(422, {"error": error})
                return
            status, job_id = notifications.accept(email)
            self.answer(status, {"id": job_id, "duplicate": status == 200})

    notifications.recover()
    workers = [threading.Thread(target=notifications.work) for _ in range(notifications.workers)]
    for worker in workers:
        worker.start()
    ThreadingHTTPServer.request_queue_size = 128  # 20 requests may arrive at once
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)

    def stop(_signal, _frame):
        notifications.stopping.set()
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
    for worker in workers:
        worker.join()
    print("stopped: the jobs in flight are finished", flush=True)


if __name__ == "__main__":
    serve(Notifications())
