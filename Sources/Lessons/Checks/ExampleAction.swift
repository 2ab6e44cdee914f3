import RedisCLIFormat
import RedisSandbox

/// What one line of a `redis` example block asks for.
public enum ExampleAction: Sendable, Equatable {
  /// A Redis command.
  case command([[UInt8]])
  /// `:sandbox crash`: kill -9 the sandbox server.
  case crashSandbox
  /// `:sandbox restart MODE`: restart the sandbox, optionally in another persistence mode.
  case restartSandbox(Persistence?)
  /// `:test STAGE …`: the stage tester, with the words after `:test`.
  case stageTest([String])
  /// Another tutor meta-command (`:peek …`), which only the shell runs.
  case meta(String)
  /// A blank or comment line.
  case nothing

  /// Classifies one example line.
  public init(_ text: String) {
    let trimmed = text.trimmed()
    if trimmed.isEmpty || trimmed.hasPrefix("#") {
      self = .nothing
      return
    }
    if trimmed.hasPrefix(":") {
      let words = trimmed.split(separator: " ").map { String($0).lowercased() }
      if words.first == ":test" && words.count >= 2 {
        self = .stageTest(trimmed.split(separator: " ").dropFirst().map(String.init))
        return
      }
      if words.first == ":sandbox" && words.count >= 2 {
        if words[1] == "crash" {
          self = .crashSandbox
          return
        }
        if words[1] == "restart" {
          let mode = words.count > 2 ? Persistence(labName: words[2]) : nil
          if words.count <= 2 || mode != nil {
            self = .restartSandbox(mode)
            return
          }
        }
      }
      self = .meta(trimmed)
      return
    }
    guard case .arguments(let argv) = Tokenizer.split(Array(trimmed.utf8)), !argv.isEmpty else {
      self = .nothing
      return
    }
    self = .command(argv)
  }
}
