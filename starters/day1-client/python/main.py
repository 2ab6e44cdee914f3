#!/usr/bin/env python3
"""Starter for the day1-client stage (redis-tutor test list day1-client says what to build).

Run it with: redis-tutor test day1-client -- python3 main.py
It connects and stops with a TODO: replace the TODO with the three writes.
"""
import os
import sys

import redis  # Debian: apt install python3-redis; elsewhere: pip install redis


def main():
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    prefix = os.environ["KEY_PREFIX"]
    window = int(os.environ["WINDOW_SECONDS"])
    print(f"connected to Redis: PING answered {client.ping()}")
    # TODO 1: SET prefix + "greeting" to "hello", expiring in 300 seconds.
    # TODO 2: HSET prefix + "user:1" with name=ada and lang=go.
    # TODO 3: INCR prefix + "visits"; EXPIRE it `window` seconds only when INCR returned 1.
    print(f"TODO: write {prefix}greeting, {prefix}user:1 and {prefix}visits "
          f"(window {window} s), then delete this line and the exit below", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
