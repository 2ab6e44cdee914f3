import RedisClient
import Testing
import TutorTestSupport

@testable import RedisCLIFormat

/// The command table built from a real server's `COMMAND DOCS`.
@Suite struct CommandTableTests {
  /// One table for the whole suite: the docs only depend on the server version.
  static let table: CommandTable = {
    do {
      let server = try RedisServerFixture()
      defer { server.stop() }
      return try CommandTable.fetch(from: server.connect())
    } catch {
      Issue.record("could not read COMMAND DOCS: \(error)")
      return CommandTable()
    }
  }()

  var table: CommandTable { Self.table }

  func hint(_ typed: String, endsWithSpace: Bool = true) -> String? {
    table.hint(
      for: typed.split(separator: " ").map { Array($0.utf8) }, endsWithSpace: endsWithSpace)
  }

  @Test func knowsCommandsSubcommandsAndGroups() {
    #expect(!table.isEmpty)
    #expect(CommandTable().isEmpty)
    #expect(table.commandNames.contains("SET"))
    #expect(table.commandNames.contains("CONFIG GET"))
    #expect(table.commandNames.contains("CLIENT LIST"))
    #expect(table.commandNames == table.commandNames.sorted())
    #expect(Set(["string", "list", "generic", "server", "hash"]).isSubset(of: Set(table.groups)))
  }

  @Test func helpForSet() {
    #expect(
      table.help(for: ["set"]) == """

          SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|\
        PXAT unix-time-milliseconds|KEEPTTL]
          summary: Set the string value of a key
          since: 1.0.0
          group: string


        """)
  }

  @Test func helpForSubcommand() {
    #expect(
      table.help(for: ["config", "GET"]) == """

          CONFIG GET parameter [parameter ...]
          summary: Get the values of configuration parameters
          since: 2.0.0
          group: server


        """)
  }

  @Test func helpRendersEveryArgumentShape() throws {
    let lines = ["MSET", "SORT", "XADD", "ZADD", "LPOP", "XREAD"].map {
      table.help(for: [$0])?.split(separator: "\n").first.map(String.init)
    }
    #expect(lines[0] == "  MSET key value [key value ...]")
    #expect(
      lines[1] == "  SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]]"
        + " [ASC|DESC] [ALPHA] [STORE destination]")
    #expect(
      lines[2] == "  XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id"
        + " field value [field value ...]")
    #expect(lines[3] == "  ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]")
    #expect(lines[4] == "  LPOP key [count]")
    #expect(
      lines[5] == "  XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]")
  }

  @Test func helpForAContainerListsItsSubcommands() throws {
    let text = try #require(table.help(for: ["CONFIG"]))
    #expect(text.contains("\n  CONFIG GET parameter [parameter ...]\n"))
    #expect(text.contains("\n  CONFIG RESETSTAT\n"))
  }

  @Test func helpForUnknownIsNil() {
    #expect(table.help(for: ["NOSUCH"]) == nil)
    #expect(table.help(for: ["CONFIG", "NOSUCH"]) == nil)
    #expect(table.help(for: ["GET", "KEY"]) == nil)
    #expect(table.help(for: []) == nil)
    #expect(table.help(group: "nosuch") == nil)
  }

  @Test func helpForAGroupListsItsCommandsSorted() throws {
    let text = try #require(table.help(group: "@string"))
    #expect(text.hasPrefix("\n  APPEND key value\n  summary: Append a value to a key\n"))
    #expect(text.hasSuffix("group: string\n\n"))
    let names = text.split(separator: "\n").filter { !$0.hasPrefix("  summary:") }
      .filter { !$0.hasPrefix("  since:") && !$0.hasPrefix("  group:") }
      .map { $0.dropFirst(2).split(separator: " ").first.map(String.init) ?? "" }
    #expect(names == names.sorted())
    #expect(names.contains("SET") && names.contains("GETDEL") && !names.contains("LPUSH"))
    #expect(table.help(group: "STRING") == text)
  }

  @Test func hintsShrinkAsArgumentsAreTyped() {
    #expect(
      hint("SET") == "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
        + "PXAT unix-time-milliseconds|KEEPTTL]")
    #expect(hint("set k")?.hasPrefix("value [NX|XX] [GET] [EX seconds") == true)
    #expect(hint("SET k v NX")?.hasPrefix("[GET] [EX seconds|") == true)
    #expect(hint("SET k v EX") == "seconds [NX|XX] [GET]")
    #expect(hint("SET k v EX 10 NX GET") == nil)
    #expect(hint("LPOP key") == "[count]")
    #expect(hint("LPOP key 3") == nil)
    #expect(hint("GET k") == nil)
  }

  @Test func hintsForMultipleArguments() {
    #expect(hint("MSET") == "key value [key value ...]")
    #expect(hint("MSET k") == "value [key value [key value ...]]")
    #expect(hint("MSET k v") == "[key value [key value ...]]")
    #expect(hint("DEL a b c") == "[key [key ...]]")
    #expect(hint("ZADD z 1") == "member [score member [score member ...]]")
    #expect(hint("XREAD COUNT 2 STREAMS") == "key [key ...] id [id ...]")
  }

  @Test func hintsForSubcommands() throws {
    let subcommands = try #require(hint("config"))
    #expect(subcommands.split(separator: "|").contains("GET"))
    #expect(hint("CONFIG GET") == "parameter [parameter ...]")
    #expect(hint("CONFIG GET maxmemory") == "[parameter [parameter ...]]")
    #expect(hint("CONFIG NOSUCH") == nil)
  }

  @Test func noHintWhileTypingOrForUnknownCommands() {
    #expect(hint("SET", endsWithSpace: false) == nil)
    #expect(hint("NOSUCH") == nil)
    #expect(table.hint(for: [], endsWithSpace: true) == nil)
    #expect(CommandTable().hint(for: [Array("SET".utf8)], endsWithSpace: true) == nil)
  }

  @Test func completesCommandNamesInTheTypedCase() {
    let lower = table.completions(for: Array("se".utf8))
    #expect(lower.replaceFrom == 0)
    #expect(lower.candidates.contains("set") && lower.candidates.contains("setex"))
    #expect(lower.candidates.allSatisfy { $0.hasPrefix("se") })
    #expect(!lower.wantsKeys)
    let upper = table.completions(for: Array("  LPO".utf8))
    #expect(upper.replaceFrom == 2)
    #expect(upper.candidates == ["LPOP", "LPOS"])
    #expect(!upper.candidates.contains("CONFIG GET"))
  }

  @Test func completesSubcommandsOfContainers() {
    let typed = table.completions(for: Array("config g".utf8))
    #expect(typed.replaceFrom == 7)
    #expect(typed.candidates == ["get"])
    let fresh = table.completions(for: Array("CLIENT ".utf8))
    #expect(fresh.replaceFrom == 7)
    #expect(fresh.candidates.contains("LIST") && fresh.candidates.contains("KILL"))
  }

  @Test func asksForKeysWhereAKeyGoes() {
    #expect(table.completions(for: Array("GET ".utf8)).wantsKeys)
    #expect(table.completions(for: Array("get us".utf8)) == (4, [], true))
    #expect(!table.completions(for: Array("SET k ".utf8)).wantsKeys)
    #expect(table.completions(for: Array("MSET a b ".utf8)).wantsKeys)
    #expect(!table.completions(for: Array("MSET a ".utf8)).wantsKeys)
    #expect(table.completions(for: Array("DEL a b ".utf8)).wantsKeys)
    #expect(table.completions(for: Array("OBJECT ENCODING ".utf8)).wantsKeys)
    #expect(!table.completions(for: Array("NOSUCH ".utf8)).wantsKeys)
  }

  @Test func everyCommandGivesHelpAndSurvivesAnyArguments() {
    let typed = ["k", "1", "NX", "LIMIT", "0", "", "STREAMS", "*", "GET", "x"].map {
      Array($0.utf8)
    }
    for name in table.commandNames {
      let words = name.split(separator: " ").map(String.init)
      #expect(table.help(for: words)?.contains("\n  \(name)") == true, "no help for \(name)")
      let argv = words.map { Array($0.utf8) } + typed
      for count in words.count...argv.count {
        let prefix = Array(argv.prefix(count))
        _ = table.hint(for: prefix, endsWithSpace: true)
        _ = table.isKeyArgument(command: argv, position: count)
        let line = prefix.map(Tokenizer.quote).joined(separator: [UInt8(ascii: " ")])
        _ = table.completions(for: Array(line) + [UInt8(ascii: " ")])
      }
    }
    for group in table.groups { #expect(table.help(group: group) != nil) }
  }

  @Test func keyPositions() {
    let argv = ["SORT", "k", "BY", "p", "STORE", "dest"].map { Array($0.utf8) }
    #expect(table.isKeyArgument(command: argv, position: 1))
    #expect(!table.isKeyArgument(command: argv, position: 3))
    #expect(table.isKeyArgument(command: argv, position: 5))
    #expect(!table.isKeyArgument(command: argv, position: 0))
    #expect(!table.isKeyArgument(command: argv, position: -1))
  }
}

/// The JSON route for `COMMAND DOCS` must read the same docs as the plain reply.
@Suite struct CommandDocsJSONTests {
  @Test func jsonAndPlainDocsGiveTheSameHelp() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let connection = try server.connect()
    let names = ["GET", "LPOP", "MSET", "SORT", "SET", "ZADD"]
    let plain = CommandTable(
      commandDocs: try connection.send(
        [Array("COMMAND".utf8), Array("DOCS".utf8)]
          + names.map {
            Array($0.utf8)
          }))
    let viaJSON = try CommandTable.fetch(from: connection)
    for name in names {
      #expect(plain.help(for: [name]) != nil)
      #expect(plain.help(for: [name]) == viaJSON.help(for: [name]))
    }
  }

  @Test func luaShapesMapBackToReplies() {
    let json = Array(
      #"["a",{},{"ok":"optional"},{"err":"bad"},false,7,"\u00e9\n\"\/",[1,[]]]"#.utf8)
    #expect(
      CommandDocsJSON.decode(json)
        == .array([
          .bulk("a"), .array([]), .status("optional"), .error("bad"), .null, .integer(7),
          .bulk("\u{E9}\n\"/"), .array([.integer(1), .array([])]),
        ]))
    #expect(CommandDocsJSON.decode(Array("[1,".utf8)) == nil)
    #expect(CommandDocsJSON.decode(Array("[1] x".utf8)) == nil)
    #expect(CommandTable(commandDocs: .bulk("not json")).isEmpty)
  }
}
