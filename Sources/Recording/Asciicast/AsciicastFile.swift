import JSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a recording, as far as it is sound.
public struct AsciicastFile: Sendable {
  /// The recording's header.
  public var header: AsciicastHeader
  /// The events read, in file order.
  public var events: [AsciicastEvent]
  /// Where and why reading stopped early; nil when the whole file was read.
  ///
  /// For example "line 57: not a JSON array [time, code, data] (the file is damaged from
  /// here)".
  public var damage: String?

  /// Creates a recording from its parts.
  public init(header: AsciicastHeader, events: [AsciicastEvent], damage: String? = nil) {
    self.header = header
    self.events = events
    self.damage = damage
  }

  /// Markers with their event index, for --from-step.
  public var markers: [(index: Int, time: Double, label: String)] {
    events.indices.compactMap { index in
      let event = events[index]
      guard event.code == .marker else { return nil }
      return (index, event.time, event.data)
    }
  }

  /// Reads a recording from its text.
  ///
  /// Throws `AsciicastError` for a file that cannot be replayed at all: line 1 is not a
  /// header, the version is 1 or 3, the width or height is missing. A damaged or truncated
  /// later line is not an error: events up to it are kept and `damage` says where reading
  /// stopped (a last line without its newline that still parses is fine). Blank lines and
  /// events with a code other than o, i, m or r are skipped; `AsciicastChecker` reports them.
  public static func parse(_ text: String) throws -> AsciicastFile {
    try parse(bytes: Array(text.utf8))
  }

  /// Reads a recording from its raw bytes; a line that is not UTF-8 is damage like any other.
  public static func parse(bytes: [UInt8]) throws -> AsciicastFile {
    let lines = AsciicastLine.split(bytes)
    guard let first = lines.first, !first.isBlank else {
      throw AsciicastError(
        "the file is empty or starts with a blank line: not an asciicast recording; "
          + "record a session first")
    }
    let header = try readHeader(first, wholeFile: bytes)
    var events: [AsciicastEvent] = []
    for line in lines.dropFirst() {
      switch readEvent(line) {
      case .event(let event): events.append(event)
      case .skipped: continue
      case .damaged(let reason):
        return AsciicastFile(
          header: header, events: events,
          damage: "line \(line.number): \(reason) (the file is damaged from here)")
      }
    }
    return AsciicastFile(header: header, events: events)
  }

  /// Reads the recording at `path`.
  ///
  /// Throws when the file cannot be read or cannot be replayed at all.
  public static func read(path: String) throws -> AsciicastFile {
    let bytes: [UInt8]
    do {
      bytes = try readWholeFile(path)
    } catch {
      throw AsciicastError("cannot read the recording \(path): \(error); check the path")
    }
    do {
      return try parse(bytes: bytes)
    } catch {
      throw AsciicastError("\(path): \(error)")
    }
  }

  // MARK: - Header

  // Not optimized: Swift 6.3.1's optimizer crashes on this function in release builds
  // (CopyPropagation, an ownership error on `JSONValue.Content`); it runs once per file.
  @_optimize(none)
  private static func readHeader(_ line: AsciicastLine, wholeFile: [UInt8]) throws
    -> AsciicastHeader
  {
    let members: [String: JSONValue]
    if let object = (try? JSONParser.parse(line.bytes))?.members {
      members = object
    } else if let object = (try? JSONParser.parse(wholeFile))?.members {
      // A v1 recording is one (often pretty-printed) JSON object spanning the whole file.
      members = object
    } else {
      throw AsciicastError(
        "line 1: not an asciicast header (a JSON object with \"version\": 2); "
          + "this file is not an asciicast v2 recording")
    }
    switch members["version"] {
    case nil:
      throw AsciicastError(
        "line 1: the header has no \"version\"; this file is not an asciicast recording")
    case .some(let version) where version.number == 1:
      throw AsciicastError(
        "an asciicast v1 recording from an older tutor or asciinema 1.x: "
          + "this version reads v2 only")
    case .some(let version) where version.number == 3:
      throw AsciicastError(
        "an asciicast v3 recording from asciinema 3.x: this version reads v2 only; convert it "
          + "with `asciinema convert -f asciicast-v2 FILE NEW-FILE`")
    case .some(let version) where version.number != 2:
      throw AsciicastError(
        "line 1: asciicast version \(version.number.map { "\($0)" } ?? version.kindName) "
          + "is not supported: this version reads v2 only")
    default:
      break
    }
    func size(_ name: String, _ meaning: String) throws -> Int {
      guard let value = members[name] else {
        throw AsciicastError(
          "line 1: the header has no \"\(name)\" (the terminal's \(meaning)); "
            + "the recording cannot be replayed without it")
      }
      guard let number = value.number, number >= 1, number == number.rounded(),
        let integer = Int(exactly: number)
      else {
        throw AsciicastError(
          "line 1: the header's \"\(name)\" is not a positive whole number of \(meaning); "
            + "the recording cannot be replayed")
      }
      return integer
    }
    let width = try size("width", "columns")
    let height = try size("height", "rows")
    var env: [String: String] = [:]
    for (name, value) in members["env"]?.members ?? [:] {
      if let text = value.string { env[name] = text }
    }
    return AsciicastHeader(
      width: width, height: height,
      timestamp: members["timestamp"]?.number.flatMap { Int(exactly: $0.rounded(.down)) },
      title: members["title"]?.string,
      idleTimeLimit: members["idle_time_limit"]?.number,
      env: env)
  }

  // MARK: - Events

  private enum LineReading {
    case event(AsciicastEvent)
    /// A blank line, or an event kind this version does not know; harmless.
    case skipped
    case damaged(String)
  }

  private static func readEvent(_ line: AsciicastLine) -> LineReading {
    if line.isBlank { return .skipped }
    guard String(validating: line.bytes, as: UTF8.self) != nil else {
      return .damaged("not valid UTF-8")
    }
    let value: JSONValue
    do {
      value = try JSONParser.parse(line.bytes)
    } catch {
      return .damaged(
        line.isTerminated
          ? "not valid JSON (\(error.asciicastDescription))"
          : "cut off mid-line (the recording was interrupted)")
    }
    guard let elements = value.array, elements.count == 3, let time = elements[0].number,
      let codeText = elements[1].string, let data = elements[2].string
    else {
      return .damaged("not a JSON array [time, code, data]")
    }
    guard time >= 0 else { return .damaged("a negative event time (\(time))") }
    guard let code = AsciicastEvent.Code(rawValue: codeText) else { return .skipped }
    return .event(AsciicastEvent(time: time, code: code, data: data))
  }
}

/// Reads every byte of the file at `path`; throws with the system's reason.
private func readWholeFile(_ path: String) throws -> [UInt8] {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { throw AsciicastError(String(cString: strerror(errno))) }
  defer { _ = close(descriptor) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65_536)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    if count < 0 {
      if errno == EINTR { continue }
      throw AsciicastError(String(cString: strerror(errno)))
    }
    if count == 0 { return bytes }
    bytes.append(contentsOf: chunk[0..<count])
  }
}
