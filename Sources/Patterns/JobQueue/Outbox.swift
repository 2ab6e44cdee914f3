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

  /// Delivers one email: written to `tmp/`, then renamed into `new/` as `<idempotency key>.eml`.
  ///
  /// Naming the file after the idempotency key makes the outbox dedupe like a mail store that
  /// dedupes by Message-ID: a job redelivered after a crash between sending and recording
  /// "sent" (the one window the sent-set cannot close) replaces its own message instead of
  /// adding a second one. Every call is also appended to `deliveries.log`, so tests and the
  /// demo can count how often the sender actually ran.
  @discardableResult
  public func deliver(_ email: EmailJob, date: Date = Date()) throws -> URL {
    let number = counter.withLock { value -> Int in
      value += 1
      return value
    }
    let name = "\(email.idempotencyKey).eml"
    let temporary = directory.appendingPathComponent("tmp")
      .appendingPathComponent("P\(getpid())Q\(number).\(name)")
    let final = directory.appendingPathComponent("new").appendingPathComponent(name)
    try Data(Self.message(email, date: date).utf8).write(to: temporary)
    try appendDelivery(email.idempotencyKey)
    if rename(temporary.path, final.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
    }
    return final
  }

  /// The messages in `new/`, oldest name first.
  public func messages() throws -> [URL] {
    let folder = directory.appendingPathComponent("new")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".eml") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// The message for one idempotency key (at most one: the name is the key).
  public func messages(withIdempotencyKey key: String) throws -> [URL] {
    try messages().filter { $0.lastPathComponent == "\(key).eml" }
  }

  /// How many times the sender delivered an email with this key (from `deliveries.log`).
  public func deliveries(withIdempotencyKey key: String) throws -> Int {
    try deliveryLog().filter { $0 == key }.count
  }

  /// Every delivery's idempotency key, in order.
  public func deliveryLog() throws -> [String] {
    let path = directory.appendingPathComponent("deliveries.log").path
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  private func appendDelivery(_ key: String) throws {
    let path = directory.appendingPathComponent("deliveries.log").path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
    defer { close(descriptor) }
    let line = Array((key + "\n").utf8)
    _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  }

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
