import Demos
import Foundation

/// The body of `POST /notifications`, turned into a validated `EmailJob`.
enum NotificationRequest {
  static let example =
    #"{"to": "ada@example.com", "subject": "Hi", "body": "…", "idempotency_key": "optional"}"#

  private struct Body: Decodable {
    var to: String?
    var subject: String?
    var body: String?
    var idempotencyKey: String?

    enum CodingKeys: String, CodingKey {
      case to, subject, body
      case idempotencyKey = "idempotency_key"
    }
  }

  /// Parses and validates `bytes`; throws a `RequestProblem` (400 or 422) saying what to fix.
  ///
  /// Without an `idempotency_key` the job gets a new UUID: each POST is then its own email.
  static func parse(_ bytes: [UInt8]) throws -> EmailJob {
    let body: Body = try JSONBody.decode(bytes, example: example)
    guard let to = body.to else { throw JSONBody.missing("to") }
    guard let subject = body.subject else { throw JSONBody.missing("subject") }
    guard let text = body.body else { throw JSONBody.missing("body") }
    let email = EmailJob(
      to: to, subject: subject, body: text,
      idempotencyKey: body.idempotencyKey ?? UUID().uuidString)
    do {
      try email.validate()
    } catch JobQueueError.invalidPayload(let reason) {
      let named = reason.replacingOccurrences(of: "'idempotencyKey'", with: "'idempotency_key'")
      throw RequestProblem(.unprocessableContent, "Invalid notification: \(named)")
    }
    return email
  }
}

/// What `GET /notifications/:id` answers: a job's state, attempts and timings.
struct NotificationStatus: Encodable, Sendable {
  var id: String
  /// queued, active, retrying, done or dead.
  var status: String
  var attempts: Int
  var deliveries: Int
  var lastError: String?
  var to: String?
  var subject: String?
  var enqueuedAt: String?
  var startedAt: String?
  var finishedAt: String?
  var retryAt: String?
  /// Milliseconds the last attempt waited from ready to taken.
  var queuedMs: Double?
  /// Milliseconds the last attempt ran.
  var runMs: Double?
  /// Milliseconds from enqueued to finished.
  var totalMs: Double?

  init(_ record: JobRecord) {
    id = record.id.rawValue
    switch record.state {
    case .pending?: status = "queued"
    case .active?: status = "active"
    case .retry?: status = "retrying"
    case .done?: status = "done"
    case .dead?: status = "dead"
    case nil: status = "unknown"
    }
    attempts = record.attempts
    deliveries = record.deliveries
    lastError = record.lastError
    if let email = try? EmailJob.decode(record.payload) {
      to = email.to
      subject = email.subject
    }
    func time(_ seconds: Double?) -> String? { seconds.map(ServiceLog.timestamp) }
    func milliseconds(_ from: Double?, _ to: Double?) -> Double? {
      guard let from, let to, to >= from else { return nil }
      return ((to - from) * 1000).rounded()
    }
    enqueuedAt = time(record.enqueuedAt)
    startedAt = time(record.startedAt)
    let finished = record.state == .done || record.state == .dead
    finishedAt = finished ? time(record.finishedAt) : nil
    retryAt = record.state == .retry ? time(record.runAt) : nil
    queuedMs = milliseconds(record.readyAt ?? record.enqueuedAt, record.startedAt)
    runMs = finished ? milliseconds(record.startedAt, record.finishedAt) : nil
    totalMs = finished ? milliseconds(record.enqueuedAt, record.finishedAt) : nil
  }
}
