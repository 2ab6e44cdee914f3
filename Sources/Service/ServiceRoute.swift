import Hummingbird

/// The service's routes, matched by method and path.
public enum ServiceRoute: Sendable, Equatable {
  case getItem(id: String)
  case putItem(id: String)
  case postNotification
  case getNotification(id: String)
  case health
  case metrics

  /// What a request's method and path resolve to.
  public enum Match: Sendable, Equatable {
    case route(ServiceRoute)
    /// The path exists, the method does not; `allowed` lists the ones it has.
    case methodNotAllowed(pattern: String, allowed: [HTTPRequest.Method])
    case notFound
  }

  /// The route pattern, as logs, metrics and limiter rules name it.
  public var pattern: String {
    switch self {
    case .getItem, .putItem: return "/items/:id"
    case .postNotification: return "/notifications"
    case .getNotification: return "/notifications/:id"
    case .health: return "/healthz"
    case .metrics: return "/metrics"
    }
  }

  /// Whether the rate limiter applies (not to the health check and the scrape).
  public var isLimited: Bool {
    switch self {
    case .health, .metrics: return false
    default: return true
    }
  }

  /// Resolves `method` and `path` (without the query).
  public static func match(method: HTTPRequest.Method, path: String) -> Match {
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    // "/items/1" splits to ["", "items", "1"]; allow one trailing slash.
    if parts.count > 2, parts.last == "" { parts.removeLast() }
    guard parts.first == "", parts.count >= 2 else { return .notFound }
    let segments = Array(parts.dropFirst())
    func choose(_ pattern: String, _ table: [(HTTPRequest.Method, ServiceRoute)]) -> Match {
      if let found = table.first(where: { $0.0 == method }) { return .route(found.1) }
      return .methodNotAllowed(pattern: pattern, allowed: table.map(\.0))
    }
    switch (segments.count, segments.first) {
    case (2, "items") where !segments[1].isEmpty:
      return choose(
        "/items/:id", [(.get, .getItem(id: segments[1])), (.put, .putItem(id: segments[1]))])
    case (1, "notifications"):
      return choose("/notifications", [(.post, .postNotification)])
    case (2, "notifications") where !segments[1].isEmpty:
      return choose("/notifications/:id", [(.get, .getNotification(id: segments[1]))])
    case (1, "healthz"):
      return choose("/healthz", [(.get, .health)])
    case (1, "metrics"):
      return choose("/metrics", [(.get, .metrics)])
    default:
      return .notFound
    }
  }
}
