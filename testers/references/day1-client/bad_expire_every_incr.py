#!/usr/bin/env python3
"""Known-bad for day1-client: EXPIRE after every INCR pushes the window back, so
counter-window-kept must fail."""
import client

client.main(expire_every_time=True)
