#!/usr/bin/env python3
"""Known-bad: counts a miss for every cached "missing" marker too, so 404s are all misses."""
import importlib.util
import os

# The reference beside this file, loaded under its own name (it imports day2-cache's service).
_spec = importlib.util.spec_from_file_location(
    "counting", os.path.join(os.path.dirname(os.path.abspath(__file__)), "service.py"))
counting = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(counting)


class MarkerAsMissCache(counting.CountingCache):
    def get(self, item_id):
        cached = self.redis.get(self.key(item_id))
        if cached == counting.service.MISSING:
            self.count("misses")
            return 404, None
        return super().get(item_id)


counting.service.serve(MarkerAsMissCache())
