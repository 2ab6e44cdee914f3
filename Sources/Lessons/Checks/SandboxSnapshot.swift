import RedisClient

/// Every key of a throwaway sandbox with its value and time to live, so the linter can run
/// several attempts at one step, each from the state the step starts in.
struct SandboxSnapshot {
  private struct Entry {
    var key: [UInt8]
    var dump: [UInt8]
    var millisecondsToLive: Int64
  }

  private var entries: [Entry] = []

  /// Reads every key of the server behind `connection` (only ever a linter's own sandbox).
  init(of connection: Connection) throws {
    let keys = try connection.send([Array("KEYS".utf8), Array("*".utf8)]).array ?? []
    for case .bulk(let key) in keys {
      let replies = try connection.pipeline([
        [Array("DUMP".utf8), key], [Array("PTTL".utf8), key],
      ])
      guard case .bulk(let dump) = replies[0] else { continue }
      entries.append(Entry(key: key, dump: dump, millisecondsToLive: replies[1].integer ?? -1))
    }
  }

  /// Empties the server and puts back every key as it was when the snapshot was taken.
  ///
  /// A key whose time to live ran out meanwhile is put back with one millisecond left, so it
  /// expires as it would have.
  func restore(on connection: Connection) throws {
    var commands: [[[UInt8]]] = [[Array("FLUSHALL".utf8), Array("SYNC".utf8)]]
    for entry in entries {
      let ttl = entry.millisecondsToLive < 0 ? 0 : max(entry.millisecondsToLive, 1)
      commands.append([
        Array("RESTORE".utf8), entry.key, Array(String(ttl).utf8), entry.dump,
        Array("REPLACE".utf8),
      ])
    }
    for reply in try connection.pipeline(commands) where reply.isError {
      throw SnapshotError(message: reply.string ?? "")
    }
  }

  /// A key could not be put back.
  struct SnapshotError: Error, CustomStringConvertible {
    var message: String
    var description: String { "could not restore the sandbox: \(message)" }
  }
}
