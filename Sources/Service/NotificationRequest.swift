import Foundation
import Patterns

/// The body of `POST /notifications`, turned into a validated `EmailJob`.
enum NotificationRequest {
  static let example =
    #"{"to": "ada@example.com", "subject": "Hi", "body": "…", "idempotency_key": "optional"}"#

  /// Parses and validates `bytes`; throws a `RequestProblem` (400 or 422) saying what to fix.
  ///
  /// Without an `idempotency_key` the job gets a new UUID: each POST is then its own email,
  /// and `keyed` is false. `user_id` (a string) and `channel` (only `"email"`) may be given,
  /// as the day5/day6 stages send them; the email does not depend on them.
  static func parse(_ bytes: [UInt8]) throws -> (email: EmailJob, keyed: Bool) {
    let body = try JSONBody.parse(
      bytes, allowed: ["to", "subject", "body", "idempotency_key", "user_id", "channel"],
      example: example)
    _ = try body.optionalString("user_id")
    if let channel = try body.optionalString("channel"), channel != "email" {
      throw RequestProblem(
        .unprocessableContent, "'channel' must be \"email\" (got \"\(channel)\"); or leave it out")
    }
    let to = try body.string("to")
    let subject = try body.string("subject")
    let text = try body.string("body")
    let key = try body.optionalString("idempotency_key")
    let email = EmailJob(
      to: to, subject: subject, body: text, idempotencyKey: key ?? UUID().uuidString)
    do {
      try email.validate()
    } catch JobQueueError.invalidPayload(let reason) {
      let named = reason.replacingOccurrences(of: "'idempotencyKey'", with: "'idempotency_key'")
      throw RequestProblem(.unprocessableContent, "Invalid notification: \(named)")
    }
    return (email, key != nil)
  }
}
