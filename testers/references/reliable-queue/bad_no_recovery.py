#!/usr/bin/env python3
"""Known-bad for reliable-queue: a processing list, but nothing recovered on start.

The killed worker's job stays in KEY_PREFIX + "processing" for good, so survives-kill
must fail after the restart.
"""
import reliable_worker


class WorkerWithoutRecovery(reliable_worker.ReliableWorker):
    def recover(self):
        pass


if __name__ == "__main__":
    WorkerWithoutRecovery().run()
