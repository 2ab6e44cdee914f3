#!/usr/bin/env python3
"""Known-bad for day6-integration: wait_ms is timed from when the worker took the job, not
from its enqueueing, so it is always 0 and job-timing-lines must fail."""
import json
import time

import service


class WaitFromTake(service.TimedNotifications):
    def process(self, job_id):
        taken = time.time()
        waited = time.time() - taken  # the mistake: timed from the take, not from enqueued_at
        service.notification_service.Notifications.process(self, job_id)
        finished = self.redis.hget(self.job_key(job_id), "finished_at")
        if finished is None:
            return
        line = {"event": "job_done", "job": job_id, "wait_ms": round(waited * 1000),
                "run_ms": round((float(finished) - taken) * 1000)}
        service.notification_service.say(json.dumps(line))


service.serve(service.cache_service.Cache(), WaitFromTake())
