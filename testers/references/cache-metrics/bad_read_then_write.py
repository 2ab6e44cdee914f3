#!/usr/bin/env python3
"""Known-bad: counts with GET then SET, so concurrent hits overwrite each other's counts."""
import importlib.util
import os

# The reference beside this file, loaded under its own name (it imports day2-cache's service).
_spec = importlib.util.spec_from_file_location(
    "counting", os.path.join(os.path.dirname(os.path.abspath(__file__)), "service.py"))
counting = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(counting)


class ReadThenWriteCache(counting.CountingCache):
    def count(self, outcome):
        key = f"{self.prefix}metrics:cache:{outcome}"
        self.redis.set(key, int(self.redis.get(key) or 0) + 1)


counting.service.serve(ReadThenWriteCache())
