#!/usr/bin/env python3
"""Known-bad for day4-queue: reliable-queue's worker, but it dead-letters by position.

LMOVE processing → dead takes whichever job sits at the end of the shared processing list,
another loop's job still running, so dead-letter must fail with two loops.
"""
import os
import sys

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliable-queue"))
import reliable_worker  # noqa: E402


class DeadLetterByPosition(reliable_worker.ReliableWorker):
    def dead_letter(self, raw):
        self.redis.lmove(self.processing, self.dead, "RIGHT", "LEFT")


if __name__ == "__main__":
    DeadLetterByPosition().run()
