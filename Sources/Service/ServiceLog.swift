import Foundation
import JSON
import Synchronization

/// The service's structured log: one JSON object per line, appended to `service.log`
/// (created with mode 0600) and, when asked, echoed to standard output.
///
/// Lines are written with one `write(2)` on an `O_APPEND` descriptor, so lines from several
/// threads never interleave and the shell's `:logs` can tail the file while it grows.
public final class ServiceLog: Sendable {
  /// One value of a log line.
  public enum Value: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
  }

  /// The log file.
  public let path: String
  private let descriptor: Int32
  private let echo: Bool
  private let echoLock = Mutex(())

  /// Opens (creating with mode 0600) the log at `path`; `echo` copies lines to stdout.
  public init(path: String, echo: Bool) throws {
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard opened >= 0 else {
      throw ServiceStartError(
        "cannot open the log \(path): \(String(cString: strerror(errno))); check the folder's permissions"
      )
    }
    // An older file may have been created with a wider mode.
    fchmod(opened, 0o600)
    self.path = path
    self.descriptor = opened
    self.echo = echo
  }

  deinit { close(descriptor) }

  /// Appends one line with `fields`, in order (echoed to stdout when asked at `init`).
  public func write(_ fields: [(String, Value)]) {
    write(fields, toStandardOutput: echo)
  }

  /// Appends one line with `fields`, printing it on stdout when `toStandardOutput`.
  ///
  /// `toStandardOutput` wins over `echo`: for lines the program's reader needs, such as
  /// `job_done`. The line goes out in one `write(2)`, so lines printed at once by several
  /// threads never run into each other.
  public func write(_ fields: [(String, Value)], toStandardOutput: Bool) {
    let line = Self.line(fields) + "\n"
    let bytes = Array(line.utf8)
    _ = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
    if toStandardOutput {
      echoLock.withLock { _ in
        _ = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
      }
    }
  }

  /// The JSON object of `fields`, keys in the given order.
  public static func line(_ fields: [(String, Value)]) -> String {
    var text = "{"
    for (index, (key, value)) in fields.enumerated() {
      if index > 0 { text += "," }
      text += JSONWriter.quoted(key) + ":"
      switch value {
      case .string(let string): text += JSONWriter.quoted(string)
      case .int(let number): text += String(number)
      case .double(let number): text += threeDecimals(number)
      case .bool(let flag): text += flag ? "true" : "false"
      case .null: text += "null"
      }
    }
    return text + "}"
  }

  /// `number` with three decimals (`21.459`), without Foundation's `String(format:)`, which
  /// was a visible share of a cached read's time; `null` when it is not finite.
  static func threeDecimals(_ number: Double) -> String {
    guard number.isFinite, abs(number) < 9e15 else {
      return number.isFinite ? String(number) : "null"
    }
    let thousandths = Int64((abs(number) * 1000).rounded())
    let fraction = thousandths % 1000
    let digits = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
    return (number < 0 && thousandths > 0 ? "-" : "") + "\(thousandths / 1000).\(digits)"
  }

  /// An ISO 8601 UTC timestamp with milliseconds, for `seconds` since the epoch.
  public static func timestamp(_ seconds: Double) -> String {
    let date = Date(timeIntervalSince1970: seconds)
    return date.formatted(
      Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
  }
}
