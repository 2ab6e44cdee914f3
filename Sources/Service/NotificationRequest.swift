import Foundation
import Patterns

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
