import Demos
import Prometheus
import Synchronization

/// The service's Prometheus metrics, exposed at `/metrics`.
///
/// - `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route}`
/// - `cache_requests_total{result="hit|miss|bypass"}`
/// - `ratelimit_decisions_total{route,decision="allowed|denied"}`
/// - `queue_jobs{state="pending|active|retry|dead"}` (read from Redis at scrape time)
/// - `job_duration_seconds{outcome}` and `job_queue_wait_seconds`
public final class ServiceMetrics: Sendable {
  /// The registry `/metrics` renders.
  public let registry = PrometheusCollectorRegistry()
  private static let latencyBuckets = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  ]
  private static let jobBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60]

  /// The per-request metrics by "method route status", made once each: looking a metric
  /// up in the registry on every request (a lock and label comparisons) was a measurable
  /// part of the hot read path.
  private let requestMetrics = Mutex<[String: (Counter, ValueHistogram)]>([:])
  /// Cache outcome counters, made up front (the set is fixed).
  private let cacheCounters: [String: Counter]
  /// Limiter decision counters by "route allowed|denied", made up front for the limited routes.
  private let limiterCounters: [String: Counter]

  public init() {
    var cache: [String: Counter] = [:]
    for result in ["hit", "miss", "bypass"] {
      cache[result] = registry.makeCounter(
        name: "cache_requests_total", labels: [("result", result)],
        help: "Item reads by cache outcome")
    }
    cacheCounters = cache
    var limiter: [String: Counter] = [:]
    for route in ServiceRules.routeNames {
      for decision in ["allowed", "denied"] {
        limiter[route + " " + decision] = registry.makeCounter(
          name: "ratelimit_decisions_total", labels: [("route", route), ("decision", decision)],
          help: "Rate limiter decisions")
      }
    }
    limiterCounters = limiter
    // Registered up front so a scrape shows every family before the first request.
    for state in ["pending", "active", "retry", "dead"] { _ = queueGauge(state) }
  }

  public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
    let key = method + " " + route + " " + String(status)
    let (counter, histogram) = requestMetrics.withLock { made in
      if let found = made[key] { return found }
      let metrics = (
        registry.makeCounter(
          name: "http_requests_total",
          labels: [("method", method), ("route", route), ("status", String(status))],
          help: "HTTP requests answered"),
        registry.makeValueHistogram(
          name: "http_request_duration_seconds", labels: [("method", method), ("route", route)],
          buckets: Self.latencyBuckets, help: "HTTP request latency in seconds")
      )
      made[key] = metrics
      return metrics
    }
    counter.increment()
    histogram.record(seconds)
  }

  public func recordCache(_ result: String) {
    (cacheCounters[result]
      ?? registry.makeCounter(
        name: "cache_requests_total", labels: [("result", result)],
        help: "Item reads by cache outcome")).increment()
  }

  public func recordLimiter(route: String, allowed: Bool) {
    let decision = allowed ? "allowed" : "denied"
    (limiterCounters[route + " " + decision]
      ?? registry.makeCounter(
        name: "ratelimit_decisions_total", labels: [("route", route), ("decision", decision)],
        help: "Rate limiter decisions")).increment()
  }

  public func recordQueue(_ stats: QueueStats) {
    queueGauge("pending").set(Double(stats.pending))
    queueGauge("active").set(Double(stats.active))
    queueGauge("retry").set(Double(stats.retry))
    queueGauge("dead").set(Double(stats.dead))
  }

  /// Records one finished job attempt.
  public func recordJob(outcome: String, runSeconds: Double, queueWaitSeconds: Double) {
    registry.makeValueHistogram(
      name: "job_duration_seconds", labels: [("outcome", outcome)], buckets: Self.jobBuckets,
      help: "Email job run time in seconds, by outcome"
    ).record(runSeconds)
    registry.makeValueHistogram(
      name: "job_queue_wait_seconds", labels: [], buckets: Self.jobBuckets,
      help: "Seconds from ready to taken by a worker"
    ).record(queueWaitSeconds)
  }

  /// The Prometheus text exposition of every metric.
  public func render() -> String { registry.emitToString() }

  private func queueGauge(_ state: String) -> Gauge {
    registry.makeGauge(
      name: "queue_jobs", labels: [("state", state)], help: "Notification jobs by state")
  }
}
