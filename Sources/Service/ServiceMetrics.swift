import Patterns
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

  /// The metric families: name, unit and help, as the Prometheus descriptors want them
  /// (computed: the descriptor type is not Sendable).
  private enum Family {
    static var requests: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered")
    }
    static var latency: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "http_request_duration", unitName: "seconds",
        helpText: "HTTP request latency in seconds")
    }
    static var cache: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "cache_requests", unitName: "total", helpText: "Item reads by cache outcome")
    }
    static var limiter: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "ratelimit_decisions", unitName: "total", helpText: "Rate limiter decisions")
    }
    static var queue: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "queue_jobs", unitName: "", helpText: "Notification jobs by state")
    }
    static var jobDuration: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "job_duration", unitName: "seconds",
        helpText: "Email job run time in seconds, by outcome")
    }
    static var queueWait: MetricNameDescriptor {
      MetricNameDescriptor(
        metricName: "job_queue_wait", unitName: "seconds",
        helpText: "Seconds from ready to taken by a worker")
    }
  }

  public init() {
    var cache: [String: Counter] = [:]
    for result in ["hit", "miss", "bypass"] {
      cache[result] = registry.makeCounter(descriptor: Family.cache, labels: [("result", result)])
    }
    cacheCounters = cache
    var limiter: [String: Counter] = [:]
    for route in ServiceRules.routeNames {
      for decision in ["allowed", "denied"] {
        limiter[route + " " + decision] = registry.makeCounter(
          descriptor: Family.limiter, labels: [("route", route), ("decision", decision)])
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
          descriptor: Family.requests,
          labels: [("method", method), ("route", route), ("status", String(status))]),
        registry.makeValueHistogram(
          descriptor: Family.latency, labels: [("method", method), ("route", route)],
          buckets: Self.latencyBuckets)
      )
      made[key] = metrics
      return metrics
    }
    counter.increment()
    histogram.record(seconds)
  }

  public func recordCache(_ result: String) {
    (cacheCounters[result]
      ?? registry.makeCounter(descriptor: Family.cache, labels: [("result", result)]))
      .increment()
  }

  public func recordLimiter(route: String, allowed: Bool) {
    let decision = allowed ? "allowed" : "denied"
    (limiterCounters[route + " " + decision]
      ?? registry.makeCounter(
        descriptor: Family.limiter, labels: [("route", route), ("decision", decision)])).increment()
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
      descriptor: Family.jobDuration, labels: [("outcome", outcome)], buckets: Self.jobBuckets
    ).record(runSeconds)
    registry.makeValueHistogram(descriptor: Family.queueWait, buckets: Self.jobBuckets)
      .record(queueWaitSeconds)
  }

  /// The Prometheus text exposition of every metric.
  public func render() -> String { registry.emitToString() }

  private func queueGauge(_ state: String) -> Gauge {
    registry.makeGauge(descriptor: Family.queue, labels: [("state", state)])
  }
}
