import Foundation

/// The notification job: one email to send, with the key that makes sending it idempotent.
///
/// The payload is this struct as JSON. Validation runs before enqueueing, so a malformed
/// job never reaches Redis, and again when a worker decodes it.
public struct EmailJob: Codable, Sendable, Equatable {
  /// The recipient's address.
  public var to: String
  public var subject: String
  public var body: String
  /// Names this email for deduplication: two jobs with the same key send one email.
  public var idempotencyKey: String

  /// The largest body accepted, in bytes of UTF-8.
  public static let maxBodyBytes = 64 * 1024

  public init(to: String, subject: String, body: String, idempotencyKey: String) {
    self.to = to
    self.subject = subject
    self.body = body
    self.idempotencyKey = idempotencyKey
  }

  /// Throws `JobQueueError.invalidPayload` saying what is wrong, if anything.
  public func validate() throws {
    func invalid(_ reason: String) -> JobQueueError { .invalidPayload(reason) }
    if let problem = Self.addressProblem(to) { throw invalid("'to' \(problem)") }
    if subject.trimmingCharacters(in: .whitespaces).isEmpty {
      throw invalid("'subject' is empty")
    }
    // A line break in a header would let the payload add headers of its own.
    if subject.contains(where: \.isNewline) { throw invalid("'subject' contains a line break") }
    if subject.utf8.count > 998 { throw invalid("'subject' is longer than 998 bytes") }
    if body.utf8.count > Self.maxBodyBytes {
      throw invalid("'body' is \(body.utf8.count) bytes; the limit is \(Self.maxBodyBytes) (64 KB)")
    }
    if idempotencyKey.isEmpty { throw invalid("'idempotencyKey' is empty") }
    if idempotencyKey.utf8.count > 200 {
      throw invalid("'idempotencyKey' is longer than 200 characters")
    }
    if !idempotencyKey.unicodeScalars.allSatisfy(Self.isKeyCharacter) {
      throw invalid("'idempotencyKey' may hold only letters, digits and . _ : -")
    }
  }

  /// The job's payload: validated, then JSON with sorted keys.
  public func payload() throws -> [UInt8] {
    try validate()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(self))
  }

  /// Reads and validates a payload; the error says what is wrong in words a learner can act on.
  public static func decode(_ payload: [UInt8]) throws -> EmailJob {
    let email: EmailJob
    do {
      email = try JSONDecoder().decode(EmailJob.self, from: Data(payload))
    } catch DecodingError.keyNotFound(let key, _) {
      throw JobQueueError.invalidPayload("missing field '\(key.stringValue)'")
    } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context)
    {
      let field = context.codingPath.last?.stringValue ?? "the payload"
      throw JobQueueError.invalidPayload("'\(field)' must be a string")
    } catch {
      throw JobQueueError.invalidPayload(
        "not a JSON object like {\"to\":…,\"subject\":…,\"body\":…,\"idempotencyKey\":…}")
    }
    try email.validate()
    return email
  }

  /// The payload check for `QueueConfiguration.validatePayload`.
  public static let validatePayload: @Sendable ([UInt8]) throws -> Void = { payload in
    _ = try decode(payload)
  }

  /// Why `address` is not a plausible email address, or nil if it is.
  ///
  /// Plausible, not RFC 5322: one `@`, a local part and a domain with a dot, no spaces or
  /// line breaks, and the length limits of SMTP.
  public static func addressProblem(_ address: String) -> String? {
    if address.isEmpty { return "is empty" }
    if address.utf8.count > 254 { return "is longer than 254 characters" }
    if address.contains(where: { $0.isWhitespace || $0.isNewline }) {
      return "'\(address)' contains a space or line break"
    }
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return "'\(address)' needs exactly one @" }
    let local = parts[0]
    let domain = parts[1]
    if local.isEmpty || local.utf8.count > 64 {
      return "'\(address)' needs 1 to 64 characters before the @"
    }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    let validLabels = labels.allSatisfy { label in
      !label.isEmpty && label.first != "-" && label.last != "-"
        && label.unicodeScalars.allSatisfy {
          CharacterSet.alphanumerics.contains($0) || $0 == "-"
        }
    }
    if labels.count < 2 || !validLabels {
      return "'\(address)' needs a domain like example.com after the @"
    }
    return nil
  }

  private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII
      && (CharacterSet.alphanumerics.contains(scalar) || "._:-".unicodeScalars.contains(scalar))
  }
}
