import Patterns

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
    status = Self.name(of: record.state)
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

  /// The API's name for a job state: queued, active, retrying, done, dead, or unknown (the
  /// record has expired).
  static func name(of state: JobState?) -> String {
    switch state {
    case .pending?: return "queued"
    case .active?: return "active"
    case .retry?: return "retrying"
    case .done?: return "done"
    case .dead?: return "dead"
    case nil: return "unknown"
    }
  }
}
