#!/usr/bin/env python3
"""Reference solution of the reliable-queue stage: day4-queue's worker with a processing list.

Jobs are taken with BLMOVE into KEY_PREFIX + "processing" and removed from it by value
(LREM) once done, retried or dead-lettered; on start, jobs a dead worker left there are
moved back to the queue's right end, so they are the next taken.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "day4-queue"))
import worker  # noqa: E402


class ReliableWorker(worker.Worker):
    def __init__(self):
        super().__init__()
        self.processing = os.environ["KEY_PREFIX"] + "processing"

    def take(self):
        return self.redis.blmove(self.queue, self.processing, 1, "RIGHT", "LEFT")

    def finish(self, raw):
        self.redis.lrem(self.processing, 1, raw)

    def schedule_retry(self, raw, attempt):
        run_at = (time.time() + self.backoff_seconds(attempt)) * 1000
        pipe = self.redis.pipeline()  # MULTI/EXEC: scheduled and acknowledged together
        pipe.zadd(self.retry, {raw: run_at})
        pipe.lrem(self.processing, 1, raw)
        pipe.execute()

    def dead_letter(self, raw):
        pipe = self.redis.pipeline()
        pipe.lrem(self.processing, 1, raw)
        pipe.lpush(self.dead, raw)
        pipe.execute()

    def recover(self):
        moved = 0
        while self.redis.lmove(self.processing, self.queue, "RIGHT", "RIGHT") is not None:
            moved += 1
        print(f"recovered {moved} jobs from {self.processing}\n", end="", flush=True)


if __name__ == "__main__":
    ReliableWorker().run()
