import RedisClient

/// The keys a lesson names, as the server itself finds them (`COMMAND GETKEYS`).
///
/// The server knows where each command keeps its keys, including the counted ones of EVAL
/// and ZUNIONSTORE, so no table of key positions is kept here.
public enum LessonKeys {
  /// The keys of one command; empty when it has none or the server cannot tell.
  public static func keys(of argv: [[UInt8]], on connection: Connection) -> [[UInt8]] {
    guard argv.count > 1,
      let reply = try? connection.send([Array("COMMAND".utf8), Array("GETKEYS".utf8)] + argv),
      let elements = reply.array
    else { return [] }
    return elements.compactMap { element in
      if case .bulk(let bytes) = element { return bytes }
      return nil
    }
  }

  /// The `rt:` keys a step names in its example, check and solution.
  public static func named(by step: LessonStep, on connection: Connection) -> [[UInt8]] {
    commands(of: step).flatMap { keys(of: $0, on: connection) }
      .filter { $0.starts(with: Array("rt:".utf8)) }
  }

  /// The Redis commands of a step's example, check and solution.
  public static func commands(of step: LessonStep) -> [[[UInt8]]] {
    var commands = step.example.compactMap { line -> [[UInt8]]? in
      if case .command(let argv) = ExampleAction(line.text) { return argv }
      return nil
    }
    commands += step.check?.lines.map(\.argv) ?? []
    for line in step.solution?.split(separator: "\n") ?? [] {
      if case .command(let argv) = ExampleAction(String(line)) { commands.append(argv) }
    }
    return commands
  }
}
