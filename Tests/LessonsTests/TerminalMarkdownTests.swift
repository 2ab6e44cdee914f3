import Lessons
import TerminalUI
import Testing

/// Escape sequences as the renderer writes them.
private enum SGR {
  static let reset = "\u{1B}[0m"
  static let bold = "\u{1B}[1m"
  static let dim = "\u{1B}[2m"
  static let italic = "\u{1B}[3m"
  static let underline = "\u{1B}[4m"
  static let boldUnderline = "\u{1B}[1;4m"
  static let boldItalic = "\u{1B}[1;3m"
  static let boldYellow = "\u{1B}[1;33m"
  static let green = "\u{1B}[32m"
  static let magenta = "\u{1B}[35m"
  static let cyan = "\u{1B}[36m"
}

private func plain(_ markdown: String, width: Int = 80) -> String {
  TerminalMarkdown(width: width, color: false).render(markdown)
}

private func colored(_ markdown: String, width: Int = 80) -> String {
  TerminalMarkdown(width: width, color: true).render(markdown)
}

@Suite struct TerminalMarkdownTests {
  // MARK: - Headings

  @Test func headingsInPlainModeAreUnderlinedAndLoseTheirIDs() {
    let markdown = "# Redis basics {#concepts}\n\n## Strings {#strings}\n\n### Deeper\n"
    #expect(
      plain(markdown) == """
        Redis basics
        ============

        Strings
        -------

        Deeper

        """)
  }

  @Test func headingsInColourAreBoldAndTheFirstLevelUnderlined() {
    let markdown = "# Redis basics {#concepts}\n\n## Strings *fast*\n\n#### Deeper\n"
    #expect(
      colored(markdown) == """
        \(SGR.boldUnderline)Redis basics\(SGR.reset)

        \(SGR.bold)Strings \(SGR.reset)\(SGR.boldItalic)fast\(SGR.reset)

        \(SGR.bold)Deeper\(SGR.reset)

        """)
  }

  @Test func aHeadingIDAfterInlineCodeIsStripped() {
    #expect(plain("## The `SET` command {#set-cmd}") == "The `SET` command\n-----------------\n")
  }

  @Test func aLongHeadingWrapsAndItsUnderlineMatchesTheWidestLine() {
    #expect(
      plain("# Persistence: RDB snapshots and AOF", width: 20) == """
        Persistence: RDB
        snapshots and AOF
        =================

        """)
  }

  // MARK: - Inlines

  @Test func emphasisStrongAndCodeInPlainMode() {
    #expect(
      plain("Use *only* **one** `SET` with _care_ and __force__.")
        == "Use only one `SET` with care and force.\n")
  }

  @Test func emphasisStrongAndCodeInColour() {
    #expect(
      colored("Use *only* **one** `SET` and ***both***.")
        == "Use \(SGR.italic)only\(SGR.reset) \(SGR.bold)one\(SGR.reset) \(SGR.cyan)SET\(SGR.reset)"
        + " and \(SGR.boldItalic)both\(SGR.reset).\n")
  }

  @Test func linksShowTheirURLAfterTheText() {
    #expect(
      plain("See [the docs](https://redis.io/docs/) and <https://redis.io>.")
        == "See the docs (https://redis.io/docs/) and https://redis.io.\n")
    #expect(
      colored("See [docs](https://redis.io/docs/).")
        == "See docs (\(SGR.underline)https://redis.io/docs/\(SGR.reset)).\n")
  }

  @Test func imagesShowTheirAltTextAndURL() {
    #expect(plain("![a diagram](img/ttl.png)") == "[image: a diagram] (img/ttl.png)\n")
    #expect(plain("![](img/ttl.png)") == "[image] (img/ttl.png)\n")
  }

  @Test func aHardLineBreakStartsANewLine() {
    #expect(plain("first line\\\nsecond line") == "first line\nsecond line\n")
    #expect(plain("first line  \nsecond line") == "first line\nsecond line\n")
  }

  @Test func htmlIsShownAsItsLiteralText() {
    #expect(plain("<div>\nraw *html*\n</div>\n") == "<div>\nraw *html*\n</div>\n")
    #expect(plain("a <b>bold</b> word") == "a <b>bold</b> word\n")
    #expect(colored("a <br> b") == "a <br> b\n")
  }

  // MARK: - Lists

  @Test func bulletListsWithNestingInPlainMode() {
    let markdown = "- one\n- two\n  - nested\n  - again\n    - deepest\n- three\n"
    #expect(
      plain(markdown) == """
        - one
        - two
          - nested
          - again
            - deepest
        - three

        """)
  }

  @Test func bulletListsInColourUseBullets() {
    #expect(colored("- one\n- *two*\n") == "• one\n• \(SGR.italic)two\(SGR.reset)\n")
  }

  @Test func orderedListsStartAtTheirStartNumberAndAlignTheirText() {
    let items = (0..<4).map { "\($0 + 8). item \($0 + 8)" }.joined(separator: "\n")
    #expect(
      plain(items) == """
        8.  item 8
        9.  item 9
        10. item 10
        11. item 11

        """)
    #expect(plain("3. three\n4. four\n") == "3. three\n4. four\n")
  }

  @Test func looseListsKeepABlankLineBetweenItems() {
    #expect(
      plain("- one\n\n- two\n\n  more about two\n") == """
        - one

        - two

          more about two

        """)
  }

  @Test func listItemsWrapWithAHangingIndent() {
    let markdown =
      "- an item long enough to wrap twice at twenty columns\n  1. nested and long too\n"
    #expect(
      plain(markdown, width: 20) == """
        - an item long
          enough to wrap
          twice at twenty
          columns
          1. nested and long
             too

        """)
  }

  @Test func listItemsWrapAtFortyAndEightyColumns() {
    let markdown =
      "1. Cache-aside reads the cache first and, on a miss, loads from the database and"
      + " fills the cache.\n"
    #expect(
      plain(markdown, width: 40) == """
        1. Cache-aside reads the cache first
           and, on a miss, loads from the
           database and fills the cache.

        """)
    #expect(
      colored(markdown, width: 80) == """
        1. Cache-aside reads the cache first and, on a miss, loads from the database and
           fills the cache.

        """)
  }

  @Test func codeInsideAListItemIsIndentedUnderTheItem() {
    #expect(
      colored("- run:\n\n  ```redis\n  GET rt:k\n  ```\n") == """
        • run:

            \(SGR.boldYellow)GET\(SGR.reset) rt:k

        """)
  }

  // MARK: - Quotes and breaks

  @Test func blockQuotesArePrefixed() {
    let markdown = "> a quote long enough to wrap\n>\n> second paragraph\n"
    #expect(
      plain(markdown, width: 20) == """
        > a quote long
        > enough to wrap
        >
        > second paragraph

        """)
    #expect(
      colored("> quoted\n>\n> - item\n") == """
        \(SGR.dim)│\(SGR.reset) quoted
        \(SGR.dim)│\(SGR.reset)
        \(SGR.dim)│\(SGR.reset) • item

        """)
  }

  @Test func thematicBreaksSpanTheWidthUpToSixty() {
    #expect(plain("a\n\n---\n\nb", width: 20) == "a\n\n\(String(repeating: "-", count: 20))\n\nb\n")
    #expect(plain("***", width: 80) == String(repeating: "-", count: 60) + "\n")
    #expect(colored("***", width: 10) == "\(SGR.dim)──────────\(SGR.reset)\n")
  }

  // MARK: - Code

  @Test func redisCodeBlocksAreIndentedColouredAndNeverWrapped() {
    let markdown = """
      ```redis
      # set a session that expires
      SET rt:session:42 "alice smith" EX 30
      OBJECT ENCODING rt:session:42
      :sandbox crash
      ```
      """
    #expect(
      plain(markdown, width: 20) == """
          # set a session that expires
          SET rt:session:42 "alice smith" EX 30
          OBJECT ENCODING rt:session:42
          :sandbox crash

        """)
    #expect(
      colored(markdown, width: 20) == """
          \(SGR.dim)# set a session that expires\(SGR.reset)
          \(SGR.boldYellow)SET\(SGR.reset) rt:session:42 \(SGR.green)"alice smith"\(SGR.reset) \
        EX \(SGR.magenta)30\(SGR.reset)
          \(SGR.boldYellow)OBJECT\(SGR.reset) \(SGR.boldYellow)ENCODING\(SGR.reset) rt:session:42
          \(SGR.cyan):sandbox crash\(SGR.reset)

        """)
  }

  @Test func otherCodeBlocksKeepTheirExactText() {
    let markdown = "```go\nfunc main() {\n\tfmt.Println(\"*hi*\")  \n\n}\n```\n"
    let expected = "  func main() {\n  \tfmt.Println(\"*hi*\")\n\n  }\n"
    #expect(plain(markdown) == expected)
    #expect(colored(markdown) == expected)
    #expect(plain("    indented code\n") == "  indented code\n")
  }

  @Test func factsBlocksBecomeARememberList() {
    let markdown = """
      ```facts
      TTL returns -2 when the key does not exist.

        EXPIRE on a missing key returns 0.
      ```
      """
    #expect(
      plain(markdown, width: 30) == """
        Remember:
        - TTL returns -2 when the key
          does not exist.
        - EXPIRE on a missing key
          returns 0.

        """)
    #expect(
      colored("```facts\nA fact.\n```") == """
        \(SGR.bold)Remember:\(SGR.reset)
        • A fact.

        """)
  }

  // MARK: - Wrapping

  @Test func paragraphsWrapAtTwentyFortyAndEighty() {
    let text =
      "Redis keeps the whole data set in memory, so reads and writes take microseconds,"
      + " and persistence is a background job."
    #expect(
      plain(text, width: 20) == """
        Redis keeps the
        whole data set in
        memory, so reads and
        writes take
        microseconds, and
        persistence is a
        background job.

        """)
    #expect(
      plain(text, width: 40) == """
        Redis keeps the whole data set in
        memory, so reads and writes take
        microseconds, and persistence is a
        background job.

        """)
    #expect(
      plain(text, width: 80) == """
        Redis keeps the whole data set in memory, so reads and writes take microseconds,
        and persistence is a background job.

        """)
  }

  @Test func aWordLongerThanTheWidthIsSplitAndOnlyThen() {
    #expect(
      plain("key rt:cache:user:42:profile:avatar done", width: 10) == """
        key
        rt:cache:u
        ser:42:pro
        file:avata
        r done

        """)
  }

  @Test func wrappingCountsDisplayWidthNotEscapes() {
    let markdown = "**bold** words and `code` words *that* wrap around here"
    let colouredLines = colored(markdown, width: 20).split(separator: "\n").map {
      DisplayWidth.withoutEscapeSequences(String($0))
    }
    #expect(colouredLines == ["bold words and code", "words that wrap", "around here"])
  }

  @Test func wideCharactersCountTwoColumns() {
    #expect(plain("日本語 の テキスト です", width: 10) == "日本語 の\nテキスト\nです\n")
  }

  // MARK: - Whole documents

  @Test func colourAndPlainShowTheSameWords() {
    let colouredWords = words(
      of: DisplayWidth.withoutEscapeSequences(colored(Self.lesson, width: 60)))
    let plainWords = words(of: plain(Self.lesson, width: 60))
    #expect(colouredWords == plainWords)
    #expect(colouredWords.count > 50)
  }

  @Test func plainModeHasNoEscapesTrailingSpacesOrTrailingBlankLines() {
    for width in [20, 40, 60, 80] {
      let output = plain(Self.lesson, width: width)
      #expect(!output.unicodeScalars.contains("\u{1B}"))
      #expect(output.hasSuffix("\n") && !output.hasSuffix("\n\n"))
      #expect(!output.hasPrefix("\n"))
      for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
        #expect(line.last != " ")
      }
    }
  }

  @Test func colourModeLinesHaveNoTrailingSpaces() {
    let output = colored(Self.lesson, width: 40)
    for line in output.split(separator: "\n") {
      #expect(DisplayWidth.withoutEscapeSequences(String(line)).last != " ")
    }
    #expect(output.hasSuffix("\n") && !output.hasSuffix("\n\n"))
  }

  @Test func renderingANodeMatchesRenderingItsMarkdown() {
    let document = MarkdownDocument.parse(Self.lesson)
    let renderer = TerminalMarkdown(width: 50, color: true)
    #expect(renderer.render(document) == renderer.render(Self.lesson))
    #expect(
      renderer.render(document.children[0]) == "\(SGR.boldUnderline)Strings and TTL\(SGR.reset)\n")
    #expect(TerminalMarkdown(width: 50, color: false).render("") == "")
  }

  @Test func aLessonRendersAtSixtyColumnsInPlainMode() {
    #expect(
      plain(Self.lesson, width: 60) == """
        Strings and TTL
        ===============

        A string is the simplest value: up to 512 MB of bytes under
        one key. Read the official docs
        (https://redis.io/docs/latest/develop/data-types/strings/)
        when in doubt.

        Set a key with an expiry
        ------------------------

        Use `SET` with the `EX` option, so the value and its expiry
        are written in one step:

          # a session that lives 30 seconds
          SET rt:session:42 "alice" EX 30
          TTL rt:session:42

        Things to notice:

        1. `TTL` counts down in seconds; `PTTL` in milliseconds.
        2. A key without an expiry answers `-1`:
           - use `PERSIST` to remove an expiry;
           - use `EXPIRE` to add one later.
        3. A missing key answers `-2`.

        > Expiry is lazy and active: a key is removed when it is
        > read after its time, or by the background cycle.

        ------------------------------------------------------------

        Remember:
        - SET key value EX seconds sets a value and its TTL
          atomically.
        - TTL returns -1 for a key without expiry and -2 for a
          missing key.

        Go version

          err := rdb.Set(ctx, "rt:session:42", "alice", 30*time.Second).Err()

        """)
  }

  // MARK: - Redis lines

  @Test func redisCommandNamesStringsAndNumbersAreColoured() {
    let cases: [(line: String, expected: String)] = [
      (
        "HSET rt:h f1 1.5 f2 -3 f3 +inf",
        "\(SGR.boldYellow)HSET\(SGR.reset) rt:h f1 \(SGR.magenta)1.5\(SGR.reset) f2 "
          + "\(SGR.magenta)-3\(SGR.reset) f3 \(SGR.magenta)+inf\(SGR.reset)"
      ),
      (
        "config get maxmemory-policy",
        "\(SGR.boldYellow)config\(SGR.reset) \(SGR.boldYellow)get\(SGR.reset) maxmemory-policy"
      ),
      (
        "SCRIPT LOAD \"return 1\"",
        "\(SGR.boldYellow)SCRIPT\(SGR.reset) \(SGR.boldYellow)LOAD\(SGR.reset) "
          + "\(SGR.green)\"return 1\"\(SGR.reset)"
      ),
      (
        "MEMORY USAGE rt:k",
        "\(SGR.boldYellow)MEMORY\(SGR.reset) \(SGR.boldYellow)USAGE\(SGR.reset) rt:k"
      ),
      (
        "XINFO STREAM rt:s",
        "\(SGR.boldYellow)XINFO\(SGR.reset) \(SGR.boldYellow)STREAM\(SGR.reset) rt:s"
      ),
      ("GET CONFIG", "\(SGR.boldYellow)GET\(SGR.reset) CONFIG"),
      (
        "SET rt:k 'it\\'s'",
        "\(SGR.boldYellow)SET\(SGR.reset) rt:k \(SGR.green)'it\\'s'\(SGR.reset)"
      ),
      ("SET rt:k \"a\"b 42abc", "\(SGR.boldYellow)SET\(SGR.reset) rt:k \"a\"b 42abc"),
      ("GET \"unbalanced rest", "\(SGR.boldYellow)GET\(SGR.reset) \"unbalanced rest"),
      ("  # a comment", "  \(SGR.dim)# a comment\(SGR.reset)"),
      (":sandbox restart aof-always", "\(SGR.cyan):sandbox restart aof-always\(SGR.reset)"),
      ("", ""),
    ]
    for (line, expected) in cases {
      #expect(RedisSyntaxColor.colorize(line) == expected, "\(line)")
    }
  }

  @Test func redisColouringOnlyAddsEscapes() {
    let lines = [
      "SET rt:k \"say \\\"hi\\\" now\"",
      "SET rt:k 'it\\'s' \"\"",
      "SET rt:k \"unbalanced and \\\"escaped",
      "SET rt:k 'unbalanced single",
      "SET rt:k \"# not a comment\" # nor this",
      "SET rt:k café \"naïve ☕\" 日本語 🚀",
      "  # indented comment",
      ":sandbox crash",
      "config\tGET   maxmemory   ",
      "\"SET\" rt:k \"\\xe2\\x82\\xac\"",
      "ZADD rt:z 1 a 2.5 b -inf c",
      "SET rt:k \"a\"b'c'd\"",
      "\\",
      "   ",
      "e\u{301}cho \"cafe\u{301}\"",
    ]
    for line in lines {
      #expect(DisplayWidth.withoutEscapeSequences(RedisSyntaxColor.colorize(line)) == line)
    }
  }

  // MARK: - Helpers

  @Test func visibleWidthIgnoresEscapesAndCountsWideCharactersTwice() {
    #expect(DisplayWidth.visibleWidth("\u{1B}[1;33mSET\u{1B}[0m") == 3)
    #expect(DisplayWidth.visibleWidth("日本") == 4)
    #expect(DisplayWidth.visibleWidth("café") == 4)
    #expect(DisplayWidth.visibleWidth("cafe\u{301}") == 4)
    #expect(DisplayWidth.visibleWidth("🚀 go") == 5)
    #expect(DisplayWidth.visibleWidth("\u{1B}]8;;https://x\u{07}link\u{1B}]8;;\u{07}") == 4)
  }

  @Test func stripANSIRemovesOnlyEscapeSequences() {
    #expect(DisplayWidth.withoutEscapeSequences("a\u{1B}[3mb\u{1B}[0mc\u{1B}[Kd") == "abcd")
    #expect(DisplayWidth.withoutEscapeSequences("no escapes: [1m") == "no escapes: [1m")
  }

  private static let lesson = """
    # Strings and TTL {#strings}

    A string is the simplest value: up to **512 MB** of bytes under one key.
    Read the [official docs](https://redis.io/docs/latest/develop/data-types/strings/)
    when in doubt.

    ## Set a key with an expiry {#set-ex}

    Use `SET` with the `EX` option, so the value *and* its expiry are written in one step:

    ```redis
    # a session that lives 30 seconds
    SET rt:session:42 "alice" EX 30
    TTL rt:session:42
    ```

    Things to notice:

    1. `TTL` counts down in seconds; `PTTL` in milliseconds.
    2. A key without an expiry answers `-1`:
       - use `PERSIST` to remove an expiry;
       - use `EXPIRE` to add one later.
    3. A missing key answers `-2`.

    > Expiry is *lazy* and *active*: a key is removed when it is read after its time,
    > or by the background cycle.

    ---

    ```facts
    SET key value EX seconds sets a value and its TTL atomically.
    TTL returns -1 for a key without expiry and -2 for a missing key.
    ```

    ### Go version

    ```go
    err := rdb.Set(ctx, "rt:session:42", "alice", 30*time.Second).Err()
    ```
    """

  /// The words a reader sees, without the markers that differ between colour and plain.
  ///
  /// Bullets, quote bars, rules, heading underlines and code backticks are dropped.
  private func words(of text: String) -> [String] {
    text.split(whereSeparator: \.isWhitespace)
      .map { $0.filter { $0 != "`" } }
      .filter { word in !word.allSatisfy { "-=─•│>".contains($0) } }
  }
}
