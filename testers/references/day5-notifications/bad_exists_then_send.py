#!/usr/bin/env python3
"""Known-bad for day5-notifications: idempotency by EXISTS before the send.

Every POST queues a job, and a worker skips a job whose key it finds already sent. Two
workers that take duplicates at once both find nothing, and both send: one-email-per-key
must fail.
"""
import service


class ExistsThenSend(service.Notifications):
    def claim(self, idempotency_key, job_id):
        return job_id

    def send(self, job):
        sent = f"{self.prefix}notifications:sent:{job['idempotency_key']}"
        if self.redis.exists(sent):
            return
        super().send(job)
        self.redis.set(sent, 1, ex=service.IDEMPOTENCY_SECONDS)


service.serve(ExistsThenSend())
