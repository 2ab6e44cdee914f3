import Foundation

/// Writes job events as structured logfmt lines through an injected writer.
///
/// ```
/// queue=emails job=42 event=started worker=w1 attempt=1 queue_wait_ms=3
/// queue=emails job=42 event=finished worker=w1 queue_wait_ms=3 run_ms=12 attempts=1 outcome=done
/// ```
/// Values with spaces, quotes or `=` are quoted, so a line always splits back into pairs.
public struct JobLog: Sendable {
  /// Receives each line, without its newline.
  public var write: @Sendable (String) -> Void

  public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

  /// Drops every line.
  public static let discard = JobLog { _ in }

  /// Writes each line to standard error.
  public static let standardError = JobLog { line in
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Writes each line to standard output.
  public static let standardOutput = JobLog { line in
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  /// Logs one event of queue `queue`.
  public func record(_ event: JobEvent, queue: String) {
    write(Self.line(for: event, queue: queue))
  }

  /// The logfmt line of an event.
  public static func line(for event: JobEvent, queue: String) -> String {
    var fields: [(String, String)] = [("queue", queue)]
    switch event {
    case .started(let job, let worker, let attempt, let queueWait):
      fields += [
        ("job", job.rawValue), ("event", "started"), ("worker", worker),
        ("attempt", String(attempt)), ("queue_wait_ms", milliseconds(queueWait)),
      ]
    case .finished(let timing):
      fields += [
        ("job", timing.job.rawValue), ("event", "finished"), ("worker", timing.worker),
        ("queue_wait_ms", milliseconds(timing.queueWait)), ("run_ms", milliseconds(timing.run)),
        ("attempts", String(timing.attempt)), ("outcome", timing.outcome.name),
      ]
      if case .retry(let delay) = timing.outcome {
        fields.append(("retry_in_ms", milliseconds(delay)))
      }
      if let error = timing.error { fields.append(("error", error)) }
      fields += timing.notes.map { ($0.key, $0.value) }
    case .leaseExpired(let reaped):
      fields += [
        ("job", reaped.id.rawValue), ("event", "lease_expired"),
        ("worker", reaped.worker.isEmpty ? "none" : reaped.worker),
        ("attempts", String(reaped.attempts)), ("outcome", reaped.outcome.rawValue),
      ]
    case .promoted(let jobs):
      fields += [
        ("event", "promoted"), ("count", String(jobs.count)),
        ("jobs", jobs.map(\.rawValue).joined(separator: ",")),
      ]
    case .released(let job, let worker):
      fields += [("job", job.rawValue), ("event", "released"), ("worker", worker)]
    case .redisUnavailable(let worker, let error, let retryIn):
      fields += [
        ("event", "redis_unavailable"), ("worker", worker), ("error", error),
        ("retry_in_ms", milliseconds(retryIn)),
      ]
    case .redisRecovered(let worker):
      fields += [("event", "redis_recovered"), ("worker", worker)]
    }
    return logfmt(fields)
  }

  /// Joins key/value pairs as logfmt, quoting values that need it.
  public static func logfmt(_ fields: [(String, String)]) -> String {
    fields.map { key, value in key + "=" + quoted(value) }.joined(separator: " ")
  }

  /// Splits a logfmt line back into its pairs (for tests and the demo's log viewer).
  public static func parse(_ line: String) -> [String: String] {
    var result: [String: String] = [:]
    var characters = Substring(line)
    while !characters.isEmpty {
      characters = characters.drop { $0 == " " }
      guard let equals = characters.firstIndex(of: "=") else { break }
      let key = String(characters[..<equals])
      characters = characters[characters.index(after: equals)...]
      var value = ""
      if characters.first == "\"" {
        characters = characters.dropFirst()
        while let character = characters.first {
          characters = characters.dropFirst()
          if character == "\\", let escaped = characters.first {
            value.append(escaped == "n" ? "\n" : escaped)
            characters = characters.dropFirst()
          } else if character == "\"" {
            break
          } else {
            value.append(character)
          }
        }
      } else {
        let end = characters.firstIndex(of: " ") ?? characters.endIndex
        value = String(characters[..<end])
        characters = characters[end...]
      }
      result[key] = value
    }
    return result
  }

  private static func quoted(_ value: String) -> String {
    let needsQuotes =
      value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline }
    guard needsQuotes else { return value }
    var escaped = "\""
    for character in value {
      switch character {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      default: escaped.append(character)
      }
    }
    return escaped + "\""
  }

  private static func milliseconds(_ seconds: Double) -> String {
    String(Int((seconds * 1000).rounded()))
  }
}

/// A log that keeps its lines in memory, for tests and the demo's log pane.
public final class JobLogBuffer: Sendable {
  private let stored = Locked<[String]>([])

  public init() {}

  /// The log that appends here.
  public var log: JobLog { JobLog { line in self.stored.withLock { $0.append(line) } } }

  /// Every line so far.
  public var lines: [String] { stored.current }
}
