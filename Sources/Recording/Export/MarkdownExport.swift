/// `redis-tutor export ID --format md`: a recording as a Markdown transcript.
public enum MarkdownExport {
  /// A recording as a Markdown transcript for notes: a title line ("# Session 12 —
  /// 2026-11-29 20:35, day 1"), then per lesson step a "## day N · step" heading when the
  /// step changes, and each command with its reply in a ```text fenced block as
  /// `redis> COMMAND args` followed by the reply; consecutive commands share one block;
  /// secrets stay "(redacted)".
  ///
  /// The prompt shows the database like redis-cli does (`redis[1]>`) when it is not 0. A
  /// block whose text contains a run of backticks is fenced with a longer run.
  public static func text(title: String, commands: [LoggedCommand]) -> String {
    var output = "# \(title)\n"
    var block: [String] = []
    var heading: String?

    func closeBlock() {
      guard !block.isEmpty else { return }
      let body = block.joined()
      let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: body) + 1))
      output += "\n\(fence)text\n\(body)\(fence)\n"
      block = []
    }

    for command in commands {
      let commandHeading = headingText(day: command.day, step: command.step)
      if commandHeading != heading {
        closeBlock()
        heading = commandHeading
        if let commandHeading { output += "\n## \(commandHeading)\n" }
      }
      var reply = command.reply
      if !reply.hasSuffix("\n") { reply += "\n" }
      block.append("\(prompt(database: command.database)) \(command.commandLine)\n\(reply)")
    }
    closeBlock()
    return output
  }

  /// "day N · step", "day N", "step" or nil, from what the log knows.
  private static func headingText(day: Int?, step: String?) -> String? {
    switch (day, step) {
    case (let day?, let step?): return "day \(day) · \(step)"
    case (let day?, nil): return "day \(day)"
    case (nil, let step?): return step
    case (nil, nil): return nil
    }
  }

  private static func prompt(database: Int) -> String {
    database == 0 ? "redis>" : "redis[\(database)]>"
  }

  private static func longestBacktickRun(in text: String) -> Int {
    var longest = 0
    var current = 0
    for character in text {
      current = character == "`" ? current + 1 : 0
      longest = max(longest, current)
    }
    return longest
  }
}
