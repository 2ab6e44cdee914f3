/// The Day 6 service: cache, limiter and job queue behind HTTP.
public enum Service {}
