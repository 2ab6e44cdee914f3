import Foundation
import HTTPTypes
import Hummingbird
import NIOHTTP1
import Patterns
import RedisClient

/// Answers every request: routing, rate limiting, the handlers, the log line and metrics.
///
/// Every call into Redis or SQLite runs on the `RedisThreadPool` (they block); this type
/// only awaits them.
struct ServiceResponder: HTTPResponder {
  typealias Context = ServiceRequestContext

  let core: ServiceCore

  func respond(to request: Request, context: ServiceRequestContext) async throws -> Response {
    let started = core.clock.now()
    var notes = RequestNotes()
    var response: Response
    let path = request.uri.path
    switch ServiceRoute.match(method: request.method, path: path) {
    case .notFound:
      notes.route = "unmatched"
      response = ServiceResponse.error(
        .notFound,
        "No route \(request.method.rawValue) \(path); the routes are GET/PUT /items/:id, "
          + "POST /notifications, GET /notifications/:id, GET /healthz, GET /metrics")
    case .methodNotAllowed(let pattern, let allowed):
      notes.route = pattern
      let names = allowed.map(\.rawValue).joined(separator: ", ")
      response = ServiceResponse.error(
        .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(pattern); use \(names)",
        headers: [("Allow", names)])
    case .route(let route):
      notes.route = route.pattern
      response = await respond(route, request: request, context: context, notes: &notes)
    }
    Self.record(
      core: core, started: started, method: request.method.rawValue, path: path,
      status: response.status, ip: context.clientIP, notes: notes)
    return response
  }

  /// Counts a request in the metrics and writes its log line; `method` and `path` are nil
  /// for a request too broken to have them.
  static func record(
    core: ServiceCore, started: Double, method: String?, path: String?,
    status: HTTPResponse.Status, ip: String, notes: RequestNotes
  ) {
    let seconds = core.clock.now() - started
    core.metrics.recordRequest(
      method: method ?? "-", route: notes.route, status: Int(status.code), seconds: seconds)
    var fields: [(String, ServiceLog.Value)] = [
      ("time", .string(ServiceLog.timestamp(started))), ("type", .string("request")),
      ("method", method.map { .string($0) } ?? .null), ("path", path.map { .string($0) } ?? .null),
      ("route", .string(notes.route)), ("status", .int(Int(status.code))),
      ("ip", .string(ip)), ("duration_ms", .double(seconds * 1000)),
      ("cache", notes.cache.map { .string($0) } ?? .null),
      ("limiter", notes.limiter.map { .string($0) } ?? .null),
    ]
    if let error = notes.error { fields.append(("error", .string(error))) }
    if let first = notes.duplicateOf { fields.append(("duplicate_of", .string(first))) }
    core.log.write(fields)
  }

  private func respond(
    _ route: ServiceRoute, request: Request, context: ServiceRequestContext,
    notes: inout RequestNotes
  ) async -> Response {
    var limitHeaders: [(String, String)] = []
    var prefetched: ItemRead?
    if route.isLimited {
      let decision: RouteDecision
      if case .getItem(let text) = route, let id = try? Self.itemID(text) {
        // The hot read path: the limiter and the cache in one trip to the Redis threads.
        do {
          let (decided, read) = try await core.decideAndReadItem(
            route: route.pattern, ip: context.clientIP, id: id)
          decision = decided
          prefetched = read
        } catch {
          return Self.problem(for: error, notes: &notes).response
        }
      } else {
        decision = await core.decide(route: route.pattern, ip: context.clientIP)
      }
      limitHeaders = decision.decision.headers.map { ($0.name, $0.value) }
      notes.limiter = Self.limiterNote(decision.decision)
      notes.error = decision.decision.failureReason.map { Self.oneLine($0) }
      core.metrics.recordLimiter(route: route.pattern, allowed: decision.allowed)
      if !decision.allowed {
        let retry = decision.decision.headers.first { $0.name == "Retry-After" }?.value ?? "1"
        let message =
          decision.decision.failedClosed
          ? "The rate limiter cannot reach Redis and this route fails closed; retry in \(retry) s"
          : "Too many requests to \(route.pattern) from \(context.clientIP) "
            + "(\(decision.rule.rule)); retry in \(retry) s"
        return ServiceResponse.error(.tooManyRequests, message, headers: limitHeaders)
      }
    }
    var response: Response
    do {
      response = try await handle(route, request: request, prefetched: prefetched, notes: &notes)
    } catch {
      response = Self.problem(for: error, notes: &notes).response
    }
    for (name, value) in limitHeaders {
      if let fieldName = ServiceResponse.fieldName(name) { response.headers[fieldName] = value }
    }
    return response
  }

  private func handle(
    _ route: ServiceRoute, request: Request, prefetched: ItemRead?,
    notes: inout RequestNotes
  ) async throws -> Response {
    switch route {
    case .getItem(let text):
      let id = try Self.itemID(text)
      let read: ItemRead
      if let prefetched {
        read = prefetched
      } else {
        read = try await core.readItem(id: id)
      }
      notes.cache = read.cache
      if let failure = read.failure { notes.error = failure }
      let cacheHeader = [("X-Cache", read.cache)]
      guard let body = read.body else {
        throw RequestProblem(.notFound, core.items.missingMessage(id: id), headers: cacheHeader)
      }
      return ServiceResponse.item(.ok, body, headers: cacheHeader)
    case .putItem(let text):
      let id = try Self.itemID(text)
      let body = try await readBody(request)
      let written = try await core.updateItem(id: id, body: body)
      notes.cache = written.cache
      notes.error = written.failure
      let cacheHeader = [("X-Cache", written.cache)]
      switch written.body {
      case .item(let item): return ServiceResponse.encoded(.ok, item, headers: cacheHeader)
      case .document(let bytes): return ServiceResponse.document(.ok, bytes, headers: cacheHeader)
      case nil: return ServiceResponse.empty(.noContent, headers: cacheHeader)
      }
    case .postNotification:
      let body = try await readBody(request)
      let (email, keyed) = try NotificationRequest.parse(body)
      let job = try await core.enqueue(email, keyed: keyed)
      let location = [("Location", "/notifications/\(job.id.rawValue)")]
      guard job.duplicate else {
        return ServiceResponse.json(
          .accepted,
          ServiceLog.line([("id", .string(job.id.rawValue)), ("status", .string("queued"))]),
          headers: location)
      }
      // The key was used before: nothing new was queued, so 200 with the first job, not 202.
      notes.duplicateOf = job.id.rawValue
      return ServiceResponse.json(
        .ok,
        ServiceLog.line([
          ("duplicate", .bool(true)), ("id", .string(job.id.rawValue)),
          ("status", .string(NotificationStatus.name(of: job.state))),
        ]), headers: location)
    case .getNotification(let id):
      let status = try await core.notificationStatus(id: id)
      return ServiceResponse.encoded(.ok, status)
    case .health:
      notes.error = await core.redisFailure()
      let up = notes.error == nil
      return ServiceResponse.json(
        .ok, ServiceLog.line([("status", .string("ok")), ("redis", .string(up ? "up" : "down"))]))
    case .metrics:
      await core.refreshQueueMetrics()
      var fields = HTTPFields()
      fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
      return Response(
        status: .ok, headers: fields,
        body: ResponseBody(byteBuffer: ByteBuffer(string: core.metrics.render())))
    }
  }

  /// The body, refusing one that is not JSON (415) or larger than the configured limit (413).
  private func readBody(_ request: Request) async throws -> [UInt8] {
    try JSONBody.checkContentType(request.headers[.contentType])
    let limit = core.configuration.maxBodyBytes
    let tooLarge = RequestProblem(
      .contentTooLarge,
      "The request body is larger than \(limit / 1024) KB; send a smaller JSON object")
    if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
      throw tooLarge
    }
    var bytes: [UInt8] = []
    do {
      for try await buffer in request.body {
        bytes += buffer.readableBytesView
        if bytes.count > limit { throw tooLarge }
      }
    } catch let error as HTTPParserError {
      // The body's framing is broken (a bad chunk size, say): the client's fault, not ours.
      var problem = MalformedHTTPResponder.problem(error)
      problem.cause = problem.message
      throw problem
    }
    return bytes
  }

  private static func itemID(_ text: String) throws -> Int {
    if !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), Int(text) == nil {
      throw RequestProblem(.badRequest, "The item id '\(text)' is too large; try /items/1")
    }
    guard let id = Int(text), id > 0 else {
      throw RequestProblem(
        .badRequest, "The item id '\(text)' is not a positive whole number; try /items/1")
    }
    return id
  }

  /// What a failed request answers: its own problem, a 503 when Redis is unavailable (never
  /// a 500: the outage is not the service's bug), and a 500 for anything else; the cause
  /// goes to the request's log line.
  private static func problem(for error: any Error, notes: inout RequestNotes) -> RequestProblem {
    let problem: RequestProblem
    if let refusal = error as? RequestProblem {
      problem = refusal
    } else if let outage = RedisOutage(error) {
      problem = outage.problem
    } else {
      problem = RequestProblem(
        .internalServerError, "Internal error: \(oneLine(error)); see service.log",
        cause: oneLine(error))
    }
    if let cause = problem.cause { notes.error = cause }
    return problem
  }

  private static func limiterNote(_ decision: RateLimitDecision) -> String {
    if decision.failedOpen { return "failed_open" }
    if decision.failedClosed { return "failed_closed" }
    if decision.shadowed { return "shadowed" }
    return decision.allowed ? "allowed" : "denied"
  }

  static func oneLine(_ error: any Error) -> String { oneLine("\(error)") }

  /// `text` with its line breaks turned into spaces, for a one-line message or log field.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

/// What a request's handling noted for its log line.
struct RequestNotes {
  var route = "unmatched"
  /// hit, miss or bypass, for item routes.
  var cache: String?
  /// The limiter's verdict, for limited routes.
  var limiter: String?
  /// What Redis or the store said when something failed (an outage, a bypass, a 500), or
  /// what was wrong with a request that is not valid HTTP.
  var error: String?
  /// The job a POST /notifications repeated with its idempotency key.
  var duplicateOf: String?
}
