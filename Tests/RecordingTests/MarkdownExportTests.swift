import Recording
import Testing

@Suite struct MarkdownExportTests {
  @Test func aSessionBecomesATranscriptWithOneBlockPerStep() {
    let commands = [
      command(1, ["PING"], reply: "PONG\n"),
      command(2, ["SET", "greeting", "hello world"], reply: "OK\n", day: 1, step: "strings"),
      command(3, ["GET", "greeting"], reply: "\"hello world\"\n", day: 1, step: "strings"),
      command(4, ["AUTH", "(redacted)"], reply: "(error) ERR AUTH failed\n", day: 1, step: "auth"),
      command(5, ["SELECT", "2"], reply: "OK\n", day: 1, step: "auth"),
      command(
        6, ["LRANGE", "q", "0", "-1"], reply: "1) \"a\"\n2) \"b\"\n", database: 2, day: 1,
        step: "auth"),
    ]
    #expect(
      MarkdownExport.text(title: "Session 12 — 2026-11-29 20:35, day 1", commands: commands) == """
        # Session 12 — 2026-11-29 20:35, day 1

        ```text
        redis> PING
        PONG
        ```

        ## day 1 · strings

        ```text
        redis> SET greeting "hello world"
        OK
        redis> GET greeting
        "hello world"
        ```

        ## day 1 · auth

        ```text
        redis> AUTH (redacted)
        (error) ERR AUTH failed
        redis> SELECT 2
        OK
        redis[2]> LRANGE q 0 -1
        1) "a"
        2) "b"
        ```

        """)
  }

  @Test func aReplyHoldingAFenceGetsALongerOne() {
    let commands = [command(1, ["GET", "doc"], reply: "\"```swift\"\n", day: 2, step: "json")]
    #expect(
      MarkdownExport.text(title: "Session 3", commands: commands) == """
        # Session 3

        ## day 2 · json

        ````text
        redis> GET doc
        "```swift"
        ````

        """)
  }

  @Test func anEmptySessionIsItsTitle() {
    #expect(MarkdownExport.text(title: "Session 1", commands: []) == "# Session 1\n")
  }
}
