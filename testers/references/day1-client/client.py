#!/usr/bin/env python3
"""Reference solution of the day1-client stage: a string with a TTL, a hash, and a counter
whose window starts with the first visit."""
import os

import redis


def main(expire_every_time=False):
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    prefix = os.environ["KEY_PREFIX"]
    window = int(os.environ["WINDOW_SECONDS"])
    client.set(prefix + "greeting", "hello", ex=300)
    client.hset(prefix + "user:1", mapping={"name": "ada", "lang": "go"})
    visits = client.incr(prefix + "visits")
    if visits == 1 or expire_every_time:
        client.expire(prefix + "visits", window)
    print(f"visits: {visits}")


if __name__ == "__main__":
    main()
