import RedisClient
import Shell
import TerminalUI
import Testing
import TutorTestSupport

/// Tutor text fitted to the terminal's width; Redis replies and piped output left alone.
@Suite("Shell text that fits the screen")
struct ScreenFitTests {
  let server: RedisServerFixture
  init() throws { server = try RedisServerFixture() }

  /// Words of `text`, whatever the line breaks and indentation between them.
  private func words(_ text: String) -> [Substring] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" })
  }

  private func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  @Test(arguments: [80, 120, 30])
  func notesWrapAtSpacesToTheTerminalWidth(columns: Int) {
    let scripted = ScriptedShell(
      [":sandbox", ":nosuchcommand"], server: server, interactive: true,
      terminalSize: (rows: 24, columns: columns))
    _ = scripted.shell.run()
    let text = scripted.output.text
    let note =
      "Not on the sandbox: connected to \(server.options.endpoint). Start redis-tutor without -h/-p/-s/-u to use it."
    #expect(words(text).starts(with: words(note)), "\(text)")
    for line in lines(text) {
      #expect(DisplayWidth.visibleWidth(String(line)) <= columns, "\(line.debugDescription)")
    }
    #expect(lines(text).count > (columns < 100 ? 3 : 2), "the note was not wrapped:\n\(text)")
  }

  @Test func aResizedTerminalIsUsedForTheNextMessage() {
    var columns = 120
    let input = ScriptedLines([], interactive: true)
    let output = CapturedOutput()
    let shell = Shell(
      link: ServerLink(options: server.options, sandbox: nil),
      settings: ShellSettings(outputMode: .terminal, color: false), input: input, output: output,
      errors: CapturedOutput(), terminalSize: { (rows: 24, columns: columns) })
    let message = String(repeating: "word ", count: 20).dropLast()
    shell.note(String(message))
    #expect(lines(output.text).count == 1 + 1)
    output.clear()
    columns = 40
    shell.note(String(message))
    #expect(lines(output.text).map(\.count) == [39, 39, 19, 0], "\(output.text)")
  }

  @Test func pipedNotesAndRedisRepliesAreNeverWrapped() throws {
    let long = String(repeating: "x", count: 30) + " " + String(repeating: "y ", count: 40)
    let scripted = ScriptedShell(
      ["SET k \"\(long)\"", "GET k", ":nosuchcommand-that-is-long-enough"], server: server,
      interactive: true, terminalSize: (rows: 24, columns: 20))
    _ = scripted.shell.run()
    #expect(scripted.output.text.contains("\"\(long)\"\n"), "\(scripted.output.text)")
    let piped = ScriptedShell([":nosuchcommand"], server: server)
    _ = piped.shell.run()
    #expect(
      piped.errors.text == "Unknown tutor command ':nosuchcommand'. Type :help to list them.\n")
  }

  @Test func aCheckFailureHangsUnderItsMarkerAndLabelsKeepTheirColumn() {
    let wrapper = MessageWrapper(width: 40)
    #expect(
      wrapper.wrap("  ✗ GET rt:greeting → (nil), expected \"hello\" — store the word hello")
        == """
          ✗ GET rt:greeting → (nil), expected
            "hello" — store the word hello
        """)
    #expect(
      wrapper.wrap("persistence  aof-everysec, rewritten when the file doubles in size")
        == """
        persistence  aof-everysec, rewritten
                     when the file doubles in
                     size
        """)
    #expect(wrapper.wrap("short line\nanother") == "short line\nanother")
  }

  /// Each command's summary, read back from `help` by joining the rows it was wrapped onto.
  @Test(arguments: [80, 120])
  func helpKeepsEveryWordWholeAndEverySummaryBesideOrUnderItsColumn(columns: Int) {
    let scripted = ScriptedShell(
      [":help"], server: server, interactive: true, terminalSize: (rows: 24, columns: columns))
    _ = scripted.shell.run()
    let text = scripted.output.text
    for line in lines(text) {
      #expect(DisplayWidth.visibleWidth(String(line)) <= columns, "\(line.debugDescription)")
    }
    let flowing = words(text).joined(separator: " ")
    for command in scripted.shell.metaCommands.values {
      #expect(
        flowing.contains(command.usage + " " + command.summary),
        "\(command.usage) at \(columns) columns:\n\(text)")
    }
  }

  @Test func pipedHelpIsTheUnwrappedTable() {
    let scripted = ScriptedShell([":help"], server: server)
    _ = scripted.shell.run()
    #expect(
      scripted.output.text.contains(
        "      :sandbox [status|restart [MODE]|crash|wipe]  the private redis-server: show, restart (MODE: none, rdb, aof-always, aof-everysec, aof-no), kill -9, or empty it\n"
      ))
  }
}

/// The prompt's compact form, picked by the room it leaves to type.
@Suite("Shell prompt that leaves room to type")
struct CompactPromptTests {
  let server: RedisServerFixture
  init() throws { server = try RedisServerFixture() }

  /// A plugin with the lesson's two segment forms.
  final class Segment: ShellPlugin {
    func promptSegment(compact: Bool) -> String? {
      compact ? "[d1 1/4 0/75m] " : "[day 1 · concepts 1/4 · 0/75m] "
    }
  }

  private func prompt(columns: Int?, withSegment: Bool) -> String {
    let input = ScriptedLines([], interactive: true)
    let shell = Shell(
      link: ServerLink(options: server.options, sandbox: nil),
      settings: ShellSettings(outputMode: .terminal, color: false), input: input,
      output: CapturedOutput(), errors: CapturedOutput(),
      terminalSize: { columns.map { (rows: 24, columns: $0) } })
    shell.connectAtStart()
    if withSegment { shell.install(Segment()) }
    _ = shell.run()
    return input.prompts.first ?? ""
  }

  @Test func aNarrowTerminalGetsTheCompactSegmentAndANamedServerKeepsItsAddress() {
    let address = "127.0.0.1:\(server.port)> "
    #expect(prompt(columns: 80, withSegment: true) == "[d1 1/4 0/75m] " + address)
    #expect(
      prompt(columns: 120, withSegment: true) == "[day 1 · concepts 1/4 · 0/75m] " + address)
    #expect(prompt(columns: 80, withSegment: false) == address)
    #expect(prompt(columns: 30, withSegment: false) == address)
  }

  @Test func theSandboxPromptDropsItsPortWhenCompact() {
    let sandbox = Prompt(
      endpoint: .tcp(host: "127.0.0.1", port: 35393), database: 2, inTransaction: true,
      onSandbox: true)
    #expect(sandbox.text == "sandbox 127.0.0.1:35393[2](TX)> ")
    #expect(sandbox.compactText == "sandbox[2](TX)> ")
    let named = Prompt(endpoint: .tcp(host: "cache.example", port: 6379))
    #expect(named.compactText == "cache.example:6379> ")
  }
}
