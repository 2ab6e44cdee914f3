print("redis-tutor-serve: not built yet")
