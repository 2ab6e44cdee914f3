import RedisCLIFormat

/// A command that can block the connection until data arrives or its timeout passes.
///
/// A re-run sends it with its timeout capped at one second (and "block forever" made one
/// second too): a fresh server replaying the same data answers at once if the recording did,
/// and a command that timed out in the recording is not re-run at all (see `RerunSkips`).
struct BlockingCommand {
  /// The longest a re-run waits for one blocking command, in seconds.
  static let longestWait = 1.0

  /// The command's arguments.
  let argv: [String]
  /// The position of the timeout argument.
  let timeoutIndex: Int
  /// Whether the timeout is in milliseconds rather than seconds.
  let inMilliseconds: Bool

  /// Recognises a blocking command and its timeout; nil when `argv` cannot block.
  init?(_ argv: [String]) {
    guard let name = argv.first?.uppercased(), let timeout = CommandCatalogue.blocking[name] else {
      return nil
    }
    switch timeout {
    case .lastSeconds:
      guard argv.count >= 3 else { return nil }
      (timeoutIndex, inMilliseconds) = (argv.count - 1, false)
    case .secondsAt(let index):
      guard argv.count > index else { return nil }
      (timeoutIndex, inMilliseconds) = (index, false)
    case .millisecondsAfter(let word):
      guard let index = argv.firstIndex(where: { $0.uppercased() == word }),
        index + 1 < argv.count
      else { return nil }
      (timeoutIndex, inMilliseconds) = (index + 1, true)
    case .millisecondsAt(let index):
      guard argv.count > index else { return nil }
      (timeoutIndex, inMilliseconds) = (index, true)
    }
    self.argv = argv
  }

  /// The arguments with the timeout capped at `longestWait` (0, "forever", becomes the cap);
  /// a timeout that is not a number is left for the server to refuse, as it did before.
  var capped: [String] {
    let cap = inMilliseconds ? Self.longestWait * 1000 : Self.longestWait
    guard let timeout = Double(argv[timeoutIndex]), timeout == 0 || timeout > cap else {
      return argv
    }
    var result = argv
    result[timeoutIndex] = String(Int(cap))
    return result
  }
}
