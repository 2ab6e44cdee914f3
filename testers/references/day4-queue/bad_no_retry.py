#!/usr/bin/env python3
"""Known-bad for day4-queue: gives up on the first failure, so retries-back-off must fail."""
import worker


class WorkerWithoutRetries(worker.Worker):
    def schedule_retry(self, raw, attempt):
        self.dead_letter(raw)


if __name__ == "__main__":
    WorkerWithoutRetries().run()
