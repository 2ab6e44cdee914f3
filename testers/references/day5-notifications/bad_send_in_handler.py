#!/usr/bin/env python3
"""Known-bad for day5-notifications: the request handler sends the email itself before it
answers 202, so the answer waits for the slow provider: accepted-quickly must fail."""
import service


class SendInHandler(service.Notifications):
    def enqueue(self, pipe, job_id):
        pipe.lpush(self.processing, job_id)

    def accept(self, email):
        status, job_id = super().accept(email)
        if status == 202:
            self.process(job_id)
        return status, job_id


service.serve(SendInHandler())
