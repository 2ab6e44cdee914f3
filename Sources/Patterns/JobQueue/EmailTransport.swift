import Foundation

/// What sends an email job: the maildir `EmailSender`, or `HTTPEmailSender`.
///
/// `HTTPEmailSender` sends to a provider over HTTP. `EmailDelivery` claims and marks around
/// either.
public protocol EmailTransport: Sendable {
  /// Sends one email; where it went (the outbox file, the provider's URL).
  ///
  /// Throws for a failed send: `PermanentJobFailure` when retrying cannot help, anything
  /// else when it may.
  @discardableResult
  func send(_ email: EmailJob) throws -> URL
}

extension EmailSender: EmailTransport {}
