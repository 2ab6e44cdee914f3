import Demos
import Prometheus

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

  public init() {
    // Registered up front so a scrape shows every family before the first request.
    for state in ["pending", "active", "retry", "dead"] { _ = queueGauge(state) }
    for result in ["hit", "miss", "bypass"] {
      _ = registry.makeCounter(
        name: "cache_requests_total", labels: [("result", result)],
        help: "Item reads by cache outcome")
    }
  }

  /// Counts one answered request and records its latency.
  public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
    registry.makeCounter(
      name: "http_requests_total",
      labels: [("method", method), ("route", route), ("status", String(status))],
      help: "HTTP requests answered"
    ).increment()
    registry.makeValueHistogram(
      name: "http_request_duration_seconds", labels: [("method", method), ("route", route)],
      buckets: Self.latencyBuckets, help: "HTTP request latency in seconds"
    ).record(seconds)
  }

  /// Counts one item read: "hit", "miss" or "bypass" (Redis down).
  public func recordCache(_ result: String) {
    registry.makeCounter(
      name: "cache_requests_total", labels: [("result", result)],
      help: "Item reads by cache outcome"
    ).increment()
  }

  /// Counts one limiter decision for `route`.
  public func recordLimiter(route: String, allowed: Bool) {
    registry.makeCounter(
      name: "ratelimit_decisions_total",
      labels: [("route", route), ("decision", allowed ? "allowed" : "denied")],
      help: "Rate limiter decisions"
    ).increment()
  }

  /// Sets the queue depth gauges.
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
