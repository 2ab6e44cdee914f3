#!/usr/bin/env python3
"""Reference solution of the day6-integration stage: the day 2 cache and the day 5
notifications in one service, printing a timing line for every finished job.

It reuses the two references as they are (testers/references/day2-cache/service.py and
day5-notifications/service.py): the cache's keys are KEY_PREFIX item:ID, the jobs' keys
those of day 5. When a worker finishes a job it prints
  {"event":"job_done","job":"ID","wait_ms":W,"run_ms":R}
W from the job's enqueued_at (stored by the POST) to the worker taking it, R from then to
its finished_at.
"""
import importlib.util
import json
import os
import signal
import threading
import time
from http.server import ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))


def reference(name, folder):
    """Loads another stage's reference module from testers/references/FOLDER/service.py."""
    path = os.path.join(HERE, "..", folder, "service.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cache_service = reference("cache_service", "day2-cache")
notification_service = reference("notification_service", "day5-notifications")


class TimedNotifications(notification_service.Notifications):
    """Day 5's workers, printing a job_done line when a job finishes."""

    def process(self, job_id):
        taken = time.time()
        super().process(job_id)
        enqueued, finished = self.redis.hmget(self.job_key(job_id), "enqueued_at", "finished_at")
        if enqueued is None or finished is None:
            return
        line = {"event": "job_done", "job": job_id,
                "wait_ms": round((taken - float(enqueued)) * 1000),
                "run_ms": round((float(finished) - taken) * 1000)}
        notification_service.say(json.dumps(line))


def serve(cache, notifications):
    """Serves the items and notifications on 127.0.0.1:PORT, with the workers, until SIGTERM."""

    class Handler(cache_service.item_routes(cache)):
        def do_POST(self):
            if self.path != "/notifications":
                self.answer(404, b'{"error":"no such route"}')
                return
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            email, error = notification_service.parse(raw)
            if error:
                self.answer(422, json.dumps({"error": error}).encode())
                return
            status, job_id = notifications.accept(email)
            self.answer(status, json.dumps({"id": job_id, "duplicate": status == 200}).encode())

    notifications.recover()
    workers = [threading.Thread(target=notifications.work) for _ in range(notifications.workers)]
    for worker in workers:
        worker.start()
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)

    def stop(_signal, _frame):
        notifications.stopping.set()
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"listening on 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    serve(cache_service.Cache(), TimedNotifications())
