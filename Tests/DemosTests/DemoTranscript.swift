import Demos
import Foundation
import Patterns
import RedisClient
import TerminalUI
import TutorTestSupport

/// A demo run in this process against a real server, with everything it printed.
///
/// Results and the progress line go to one transcript in the order they were written, as
/// they reach a terminal, so a test can see what the learner's screen shows.
final class DemoTranscript: Sendable {
  let server: RedisServerFixture
  let directory: URL
  private let written = Locked<[String]>([])
  private let tick = Locked(0.0)

  init() throws {
    server = try RedisServerFixture()
    directory = try TemporaryDirectory.make(prefix: "demo-transcript")
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  /// An environment `width` columns wide whose progress line acts as on a terminal.
  ///
  /// The progress clock moves a second per reading, so no update is held back.
  func environment(width: Int = 80) -> DemoEnvironment {
    let written = self.written
    let tick = self.tick
    return DemoEnvironment(
      options: server.options, storePath: directory.appendingPathComponent("items.sqlite").path,
      executablePath: "/nonexistent", write: { text in written.withLock { $0.append(text) } },
      progress: ProgressLine(
        isTerminal: true, maximumWidth: width - 1,
        now: {
          tick.withLock {
            $0 += 1
            return $0
          }
        },
        write: { text in written.withLock { $0.append(text) } }),
      cancellation: nil, unicode: true, width: width)
  }

  /// Everything written, escapes included.
  var raw: String { written.current.joined() }

  /// The lines a terminal shows once everything was written: `\r` goes back to the start
  /// of the line and `ESC[K` erases from there to its end.
  var screen: [String] {
    var lines: [[Character]] = [[]]
    var column = 0
    var rest = Substring(raw)
    while let character = rest.first {
      if rest.hasPrefix("\u{1B}[K") {
        lines[lines.count - 1].removeSubrange(min(column, lines[lines.count - 1].count)...)
        rest = rest.dropFirst(3)
        continue
      }
      rest = rest.dropFirst()
      switch character {
      case "\r": column = 0
      case "\n":
        lines.append([])
        column = 0
      default:
        if column < lines[lines.count - 1].count {
          lines[lines.count - 1][column] = character
        } else {
          lines[lines.count - 1].append(character)
        }
        column += 1
      }
    }
    return lines.map { String($0) }
  }
}
