import Foundation

/// A local outbox folder in maildir layout: each sent email is one `.eml` file.
///
/// A message is written under `tmp/`, then renamed into `new/`. A rename within one file
/// system is atomic, so a reader of `new/` never sees half a message, even if the writer
/// dies mid-write (a torn file stays in `tmp/`).
public final class Outbox: Sendable {
  /// The outbox folder, holding `tmp/`, `new/` and `cur/`.
  public let directory: URL
  private let counter = Locked(0)

  /// Opens the outbox at `directory`, creating it and its subfolders if needed.
  public init(directory: URL) throws {
    self.directory = directory
    for folder in ["tmp", "new", "cur"] {
      try FileManager.default.createDirectory(
        at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
  }

  /// Writes `email` as a message file (tmp/ then renamed into new/) and returns its path.
  @discardableResult
  public func deliver(_ email: EmailJob, date: Date = Date()) throws -> URL {
    let number = counter.withLock { value -> Int in
      value += 1
      return value
    }
    let micros = Int64(date.timeIntervalSince1970 * 1_000_000)
    let name = "\(micros).P\(getpid())Q\(number).\(email.idempotencyKey).eml"
    let temporary = directory.appendingPathComponent("tmp").appendingPathComponent(name)
    let final = directory.appendingPathComponent("new").appendingPathComponent(name)
    try Data(Self.message(email, date: date).utf8).write(to: temporary)
    if rename(temporary.path, final.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
    }
    return final
  }

  /// The delivered messages (files in new/), by name.
  public func messages() throws -> [URL] {
    let folder = directory.appendingPathComponent("new")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".eml") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// The delivered messages carrying `idempotencyKey` (more than one means a duplicate).
  public func messages(withIdempotencyKey key: String) throws -> [URL] {
    try messages().filter { $0.lastPathComponent.hasSuffix(".\(key).eml") }
  }

  /// The text of a message: headers, a blank line, the body (RFC 5322, CRLF line ends).
  ///
  /// The Message-ID is derived from the idempotency key, so a receiving server could drop
  /// a duplicate that slipped through the sender's crash window.
  public static func message(_ email: EmailJob, date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    let headers = [
      "From: redis-tutor <noreply@redis-tutor.local>",
      "To: \(email.to)",
      "Subject: \(email.subject)",
      "Date: \(formatter.string(from: date))",
      "Message-ID: <\(email.idempotencyKey)@redis-tutor.local>",
      "X-Idempotency-Key: \(email.idempotencyKey)",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
    ]
    let body = email.body.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\n", with: "\r\n")
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
  }
}
