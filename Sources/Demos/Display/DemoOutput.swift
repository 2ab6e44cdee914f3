import Patterns
import TerminalUI

/// How a demo prints: headings, wrapped prose, tables as they are, nothing under `--json`.
public struct DemoOutput: Sendable {
  let environment: DemoEnvironment
  let json: Bool

  public init(environment: DemoEnvironment, json: Bool) {
    self.environment = environment
    self.json = json
  }

  /// Prints text as it is (tables, charts), unless the demo prints JSON.
  public func say(_ text: String) {
    guard !json else { return }
    environment.write(text.hasSuffix("\n") ? text : text + "\n")
  }

  /// Prints prose wrapped to the terminal width (at most 100 columns).
  public func paragraph(_ text: String) {
    let width = max(40, min(environment.width, 100))
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && DisplayWidth.visibleWidth(line) + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    say(lines.joined(separator: "\n"))
  }

  /// A numbered scenario heading with a rule under it; ends the progress line first.
  public func heading(_ number: Int, _ title: String) {
    environment.progress.finish()
    let rule = String(repeating: environment.unicode ? "─" : "-", count: min(72, environment.width))
    say("\n\(number). \(title)\n\(rule)")
  }

  /// Throws `DemoStop.cancelled` once Ctrl-C was pressed.
  public func checkCancelled() throws {
    if environment.cancellation?.isTriggered == true { throw CacheDemo.Stop.cancelled }
  }

  /// A duration for people: `850 µs`, `12.3 ms`, `1.25 s`.
  public func duration(_ seconds: Double) -> String {
    DurationText.of(seconds: seconds, unicode: environment.unicode)
  }

  /// ✓ and ✗ on a Unicode terminal, ok and x otherwise.
  public func mark(_ good: Bool) -> String {
    environment.unicode ? (good ? "✓" : "✗") : (good ? "ok" : "x")
  }
}
