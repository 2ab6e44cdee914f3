import JSON

/// One event of an asciicast v2 recording: what happened, and when.
public struct AsciicastEvent: Sendable, Equatable {
  /// The kind of event, as its one-letter code in the file.
  public enum Code: String, Sendable {
    /// Text written to the terminal.
    case output = "o"
    /// Keys typed by the learner.
    case input = "i"
    /// A named point in the recording, such as a lesson step starting.
    case marker = "m"
    /// The terminal was resized; the data is "COLSxROWS".
    case resize = "r"
  }

  /// Seconds since the recording started.
  public var time: Double
  /// The kind of event.
  public var code: Code
  /// The text written or typed, the marker's label, or the new size.
  public var data: String

  /// Creates an event.
  public init(time: Double, code: Code, data: String) {
    self.time = time
    self.code = code
    self.data = data
  }

  /// The event as one line of JSON (no newline): `[1.250000, "o", "text"]`.
  ///
  /// The time is written with microsecond precision.
  public var jsonLine: String {
    let microseconds = Int64((max(0, time) * 1_000_000).rounded())
    return "[\(Self.seconds(microseconds: microseconds)), \"\(code.rawValue)\", "
      + "\(JSONWriter.quoted(data))]"
  }

  /// Seconds with microsecond precision, the way asciinema writes event times: "1.250000".
  private static func seconds(microseconds: Int64) -> String {
    let whole = microseconds / 1_000_000
    let fraction = String(microseconds % 1_000_000)
    return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
