import RedisClient

// Kept apart from CommandTable.swift because it needs a live `Connection` (hiredis): the
// fuzz build compiles everything else in this module without hiredis.
extension CommandTable {
  /// Reads the server's command docs over `connection`.
  ///
  /// An empty table when the server cannot tell (before Redis 7, or scripting disabled).
  /// Transport failures are thrown.
  public static func fetch(from connection: Connection) throws(RedisError) -> CommandTable {
    let reply = try connection.send(fetchArguments)
    guard case .bulk = reply else { return CommandTable() }
    return CommandTable(commandDocs: reply)
  }
}
