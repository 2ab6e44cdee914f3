#!/usr/bin/env python3
"""Known-bad for day5-notifications: a 503 dead-letters the job at once, so retries-5xx must fail."""
import service


class NoRetry(service.Notifications):
    def send(self, job):
        try:
            super().send(job)
        except service.SendFailed as failure:
            raise service.SendFailed(str(failure), True) from failure


service.serve(NoRetry())
