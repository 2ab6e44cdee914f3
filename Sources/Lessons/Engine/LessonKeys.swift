import RedisCLIFormat

/// The keys a lesson names, found with the server's command table (which arguments are keys).
public enum LessonKeys {
  /// The `rt:` keys a step names in its example, check and solution.
  public static func named(by step: LessonStep, table: CommandTable) -> [[UInt8]] {
    var commands = step.example.compactMap { line -> [[UInt8]]? in
      if case .command(let argv) = ExampleAction(line.text) { return argv }
      return nil
    }
    commands += step.check?.lines.map(\.argv) ?? []
    for line in step.solution?.split(separator: "\n") ?? [] {
      if case .command(let argv) = ExampleAction(String(line)) { commands.append(argv) }
    }
    return commands.flatMap { argv in
      argv.indices.dropFirst().filter { table.isKeyArgument(command: argv, position: $0) }
        .map { argv[$0] }
    }.filter { $0.starts(with: Array("rt:".utf8)) }
  }
}
