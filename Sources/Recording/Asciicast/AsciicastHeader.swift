import JSON

/// The first line of an asciicast v2 recording: the terminal's size and what was recorded.
public struct AsciicastHeader: Sendable, Equatable {
  /// The terminal's width in columns.
  public var width: Int
  /// The terminal's height in rows.
  public var height: Int
  /// When recording started, in whole seconds since the Unix epoch.
  public var timestamp: Int?
  /// A title for the recording, such as "redis-tutor · day 1".
  public var title: String?
  /// Pauses longer than this many seconds are cut to it on playback.
  public var idleTimeLimit: Double?
  /// Captured environment variables, such as `SHELL` and `TERM`.
  public var env: [String: String]

  /// Creates a header.
  public init(
    width: Int, height: Int, timestamp: Int? = nil, title: String? = nil,
    idleTimeLimit: Double? = nil, env: [String: String] = [:]
  ) {
    self.width = width
    self.height = height
    self.timestamp = timestamp
    self.title = title
    self.idleTimeLimit = idleTimeLimit
    self.env = env
  }

  /// The header as one line of JSON (no newline); members in a fixed order, `env` sorted.
  public var jsonLine: String {
    var members = ["\"version\": 2", "\"width\": \(width)", "\"height\": \(height)"]
    if let timestamp { members.append("\"timestamp\": \(timestamp)") }
    if let idleTimeLimit, idleTimeLimit.isFinite {
      members.append("\"idle_time_limit\": \(JSONWriter.number(idleTimeLimit))")
    }
    if let title { members.append("\"title\": \(JSONWriter.quoted(title))") }
    if !env.isEmpty {
      let pairs = env.keys.sorted().map {
        "\(JSONWriter.quoted($0)): \(JSONWriter.quoted(env[$0]!))"
      }
      members.append("\"env\": {\(pairs.joined(separator: ", "))}")
    }
    return "{\(members.joined(separator: ", "))}"
  }
}
