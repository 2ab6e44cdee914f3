#!/usr/bin/env python3
"""Known-bad for day2-cache: PUT writes the store but leaves the cached item, so
write-invalidates must fail."""
import service


class CacheThatNeverInvalidates(service.Cache):
    def invalidate(self, key):
        pass


service.serve(CacheThatNeverInvalidates())
