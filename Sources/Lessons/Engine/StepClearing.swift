import RedisClient

/// The keys a step's ```` ```clear ```` block names that exist now, and their deletion.
///
/// A check that already passes when its step opens proves nothing, so a step whose keys an
/// earlier step leaves behind declares them, and they are deleted as it opens.
public enum StepClearing {
  /// The existing keys the step's `clear` lines name (a line ending in `*` is a SCAN pattern).
  public static func existingKeys(for step: LessonStep, on connection: Connection) throws
    -> [[UInt8]]
  {
    var found: [[UInt8]] = []
    for line in step.clear {
      if line.text.contains("*") {
        found += try scan(matching: line.text, on: connection)
      } else if try connection.send("EXISTS", line.text).integer == 1 {
        found.append(Array(line.text.utf8))
      }
    }
    var seen = Set<[UInt8]>()
    return found.filter { seen.insert($0).inserted }
  }

  /// Deletes `keys`, refusing any outside `rt:` so a lesson can never reach the learner's own.
  public static func delete(_ keys: [[UInt8]], on connection: Connection) throws {
    let lessonKeys = keys.filter { $0.starts(with: Array("rt:".utf8)) }
    guard !lessonKeys.isEmpty else { return }
    _ = try connection.send([Array("UNLINK".utf8)] + lessonKeys)
  }

  /// The keys as one readable list, such as `rt:lru:recency, rt:a`.
  public static func names(_ keys: [[UInt8]]) -> String {
    keys.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
  }

  /// Every key matching `pattern`, found with SCAN.
  static func scan(matching pattern: String, on connection: Connection) throws
    -> [[UInt8]]
  {
    var cursor = "0"
    var keys: [[UInt8]] = []
    repeat {
      let reply = try connection.send("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
      guard let parts = reply.array, parts.count == 2, let next = parts[0].string else { break }
      for key in parts[1].array ?? [] {
        if case .bulk(let bytes) = key { keys.append(bytes) }
      }
      cursor = next
    } while cursor != "0"
    return keys
  }
}
