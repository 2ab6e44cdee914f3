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
  ///
  /// Ends the progress line first: on a terminal the results and the progress line share
  /// the screen, and text written after a live status would run on from its last character.
  public func say(_ text: String) {
    guard !json else { return }
    environment.progress.finish()
    environment.write(text.hasSuffix("\n") ? text : text + "\n")
  }

  /// Prints a table fitted to the terminal width (see `TextTable.render(width:)`).
  public func say(_ table: TextTable) { say(table.render(width: environment.width)) }

  /// Prints prose wrapped to the terminal width (at most 100 columns), each line after
  /// `indent`.
  public func paragraph(_ text: String, indent: String = "") {
    say(wrapped(text, first: indent, rest: indent).joined(separator: "\n"))
  }

  /// A numbered scenario heading, wrapped like prose, with a rule under it.
  public func heading(_ number: Int, _ title: String) {
    let label = "\(number). "
    let lines = wrapped(
      title, first: label, rest: String(repeating: " ", count: DisplayWidth.visibleWidth(label)))
    let rule = String(repeating: environment.unicode ? "─" : "-", count: min(72, environment.width))
    say("\n" + lines.joined(separator: "\n") + "\n" + rule)
  }

  /// `text` in lines of the prose width, the first after `first`, the others after `rest`
  /// (both as wide).
  private func wrapped(_ text: String, first: String, rest: String) -> [String] {
    let width = max(40, min(environment.width, 100)) - DisplayWidth.visibleWidth(first)
    var words = WordCollector()
    words.append(text, style: .plain)
    return LineWrapper(width: width).wrap(words.finish()).enumerated().map { index, runs in
      (index == 0 ? first : rest) + StyledRun.render(runs, color: false)
    }
  }

  /// Throws `DemoStop.cancelled` once Ctrl-C was pressed.
  public func checkCancelled() throws {
    if environment.cancellation?.isTriggered == true { throw CacheDemo.Stop.cancelled }
  }

  /// A duration for people: `850 µs`, `12.3 ms`, `1.25 s`.
  public func duration(_ seconds: Double) -> String {
    DurationText.of(seconds: seconds, unicode: environment.unicode)
  }

  /// A duration a `LatencyRecorder` measured: `< 1 µs` at the recorder's floor, where it
  /// cannot tell durations apart, else as `duration` prints it.
  public func latency(_ seconds: Double) -> String {
    guard seconds > 0, seconds <= LatencyRecorder.floorSeconds else { return duration(seconds) }
    let floor = NumberText.of(LatencyRecorder.floorSeconds * 1_000_000)
    return "< \(floor) \(environment.unicode ? "µs" : "us")"
  }

  /// ✓ and ✗ on a Unicode terminal, ok and x otherwise.
  public func mark(_ good: Bool) -> String {
    environment.unicode ? (good ? "✓" : "✗") : (good ? "ok" : "x")
  }
}
