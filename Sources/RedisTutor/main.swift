print("redis-tutor")
