/// The diff view `replay ID --rerun` prints.
public enum RerunReport {
  /// The report for `result`, ending with a newline.
  ///
  /// For each difference a `@@ #seq step: COMMAND @@` header and the two replies as
  /// `- recorded` / `+ now` lines (unified-diff style); then the expected differences with
  /// their reasons, the commands not re-run with theirs, and a summary line
  /// "N commands re-run: M identical, E expected to differ (TTL countdown …), D different".
  /// With `color`, `-` lines are red and `+` lines green (ANSI).
  public static func text(_ result: RerunResult, color: Bool) -> String {
    var lines: [String] = []
    for difference in result.differences {
      let step = difference.step.map { " \($0)" } ?? ""
      lines.append("@@ #\(difference.seq)\(step): \(difference.command) @@")
      lines += diffLines(difference.recorded, marker: "-", color: color ? red : nil)
      lines += diffLines(difference.now, marker: "+", color: color ? green : nil)
      lines.append("")
    }
    if !result.expectedDifferences.isEmpty {
      lines.append("Expected to differ:")
      for expected in result.expectedDifferences {
        lines.append("  #\(expected.seq) \(expected.command): \(expected.reason)")
      }
      lines.append("")
    }
    if !result.skipped.isEmpty {
      lines.append("Not re-run:")
      for skipped in result.skipped {
        lines.append("  #\(skipped.seq) \(skipped.command): \(skipped.reason)")
      }
      lines.append("")
    }
    lines.append(summary(result))
    return lines.joined(separator: "\n") + "\n"
  }

  /// "N commands re-run: M identical, E expected to differ (labels), D different".
  static func summary(_ result: RerunResult) -> String {
    var labels: [String] = []
    for expected in result.expectedDifferences where !labels.contains(expected.label) {
      labels.append(expected.label)
    }
    let expected =
      labels.isEmpty
      ? "\(result.expectedDifferences.count) expected to differ"
      : "\(result.expectedDifferences.count) expected to differ (\(labels.joined(separator: ", ")))"
    let noun = result.compared == 1 ? "command" : "commands"
    return
      "\(result.compared) \(noun) re-run: \(result.identical) identical, \(expected), \(result.differences.count) different"
  }

  private static let red = "\u{1B}[31m"
  private static let green = "\u{1B}[32m"
  private static let reset = "\u{1B}[0m"

  /// One `marker`-prefixed line per line of `reply`.
  private static func diffLines(_ reply: String, marker: String, color: String?) -> [String] {
    var replyLines = reply.split(separator: "\n", omittingEmptySubsequences: false)
    if replyLines.last == "" { replyLines.removeLast() }
    return replyLines.map { line in
      let text = "\(marker) \(line)"
      return color.map { "\($0)\(text)\(reset)" } ?? text
    }
  }
}
