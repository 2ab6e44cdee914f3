import RedisCLIFormat
import RedisClient
import RedisSandbox
import TerminalUI

/// The shell's own meta-commands: :help, :quit, :clear, :peek, :sandbox, :set.
enum BuiltinMetaCommands {
  static var all: [MetaCommand] {
    [
      MetaCommand(
        name: "help", usage: ":help",
        summary: "list tutor commands and how to get help on Redis commands"
      ) {
        shell, _ in shell.output.write(shell.helpText)
      },
      MetaCommand(
        name: "quit", usage: ":quit", summary: "leave the tutor (Ctrl-D and `quit` work too)"
      ) {
        shell, _ in shell.requestQuit()
      },
      MetaCommand(name: "clear", usage: ":clear", summary: "clear the screen") { shell, _ in
        shell.output.write("\u{1B}[H\u{1B}[2J")
      },
      MetaCommand(
        name: "peek", usage: ":peek KEY",
        summary: "type, encoding, memory, TTL and a sample of a key's value"
      ) { shell, words in
        guard let key = words.first else {
          shell.note("Usage: :peek KEY")
          return
        }
        KeyPeek(shell: shell).show(Array(key.utf8))
      },
      MetaCommand(
        name: "sandbox", usage: ":sandbox [status|restart [MODE]|crash|wipe]",
        summary:
          "the private redis-server: show, restart (MODE: none, rdb, aof-always, aof-everysec, aof-no), kill -9, or empty it"
      ) { shell, words in
        SandboxCommand(shell: shell).run(words)
      },
      MetaCommand(
        name: "set", usage: ":set hints|nohints|color|nocolor|raw|noraw",
        summary: "change a shell preference"
      ) { shell, words in
        switch words.first?.lowercased() {
        case "hints": shell.settings.hints = true
        case "nohints": shell.settings.hints = false
        case "color", "colour": shell.settings.color = true
        case "nocolor", "nocolour": shell.settings.color = false
        case "raw": shell.settings.outputMode = .raw
        case "noraw": shell.settings.outputMode = .terminal
        default:
          shell.note("Usage: :set hints|nohints|color|nocolor|raw|noraw")
          return
        }
      },
    ]
  }

  /// The text of `help` and `:help`, laid out for a terminal `width` columns wide (nil:
  /// not a terminal, so nothing is wrapped).
  ///
  /// Usages make a column and each summary wraps within the column beside it. A usage too
  /// long for its column keeps its own row and its summary starts on the row below, under
  /// the other summaries, so no word is ever broken.
  static func helpText(version: String, metaCommands: [String: MetaCommand], width: Int?)
    -> String
  {
    let introduction = """
      redis-tutor \(version)
      Type Redis commands as in redis-cli. To get help about Redis commands type:
            "help @<group>" to get a list of commands in <group>
            "help <command>" for help on <command>
            "help <tab>" to get a list of possible help topics
            "quit" to exit

      Tutor commands:

      """
    let indent = "      "
    let longestUsage = metaCommands.values.map { DisplayWidth.visibleWidth($0.usage) }.max() ?? 0
    guard let width else {
      return introduction
        + metaCommands.values.sorted(by: { $0.name < $1.name }).map { command in
          indent + DisplayWidth.padded(command.usage, toWidth: longestUsage, alignment: .left)
            + "  " + command.summary + "\n"
        }.joined()
    }
    // The summaries get at least half the line; usages wider than what is left overflow.
    let usageColumn = min(longestUsage, max(8, width / 2 - indent.count - 2))
    let summaryStart = indent.count + usageColumn + 2
    let summaryWrapper = LineWrapper(width: width - summaryStart)
    let hang = String(repeating: " ", count: summaryStart)
    var text = MessageWrapper(width: width).wrap(introduction)
    for command in metaCommands.values.sorted(by: { $0.name < $1.name }) {
      var words = WordCollector()
      words.append(command.summary, style: .plain)
      var rows = summaryWrapper.wrap(words.finish()).map { StyledRun.render($0, color: false) }
      let usage = indent + command.usage
      if DisplayWidth.visibleWidth(command.usage) > usageColumn {
        text += usage + "\n"
      } else {
        text += DisplayWidth.padded(usage, toWidth: summaryStart, alignment: .left)
        text += rows.isEmpty ? "\n" : rows.removeFirst() + "\n"
      }
      for row in rows { text += hang + row + "\n" }
    }
    return text
  }
}

/// `:peek KEY`: what a key is and holds, without dumping a large value.
struct KeyPeek {
  let shell: Shell
  private let sampleSize = 10

  func show(_ key: [UInt8]) {
    guard let connection = try? shell.link.connect() else {
      shell.note("Not connected.")
      return
    }
    if connection.inTransaction {
      shell.note(":peek is not available inside MULTI (its commands would be queued).")
      return
    }
    func ask(_ words: [String]) -> Reply {
      let argv = words.map { Array($0.utf8) }
      let withKey =
        argv.count > 1 ? [argv[0]] + argv[1...].map { $0 == Array("{key}".utf8) ? key : $0 } : argv
      return (try? connection.send(withKey)) ?? .error("not connected")
    }
    let name = "\"" + String(decoding: key, as: UTF8.self) + "\""
    guard let type = ask(["TYPE", "{key}"]).string, type != "none" else {
      shell.say("\(name) does not exist\n")
      return
    }
    let encoding = ask(["OBJECT", "ENCODING", "{key}"]).string ?? "?"
    let memory = ask(["MEMORY", "USAGE", "{key}"]).integer.map { "\($0) bytes" } ?? "?"
    let ttl: String
    switch ask(["PTTL", "{key}"]).integer ?? -1 {
    case -1: ttl = "none (the key never expires)"
    case let milliseconds: ttl = "expires in \(Shell.twoDecimals(Double(milliseconds) / 1000)) s"
    }
    let count = String(sampleSize)
    let size: String
    let sample: Reply
    switch type {
    case "string":
      size = "\(ask(["STRLEN", "{key}"]).integer ?? 0) bytes"
      sample = ask(["GETRANGE", "{key}", "0", "199"])
    case "list":
      size = "\(ask(["LLEN", "{key}"]).integer ?? 0) elements"
      sample = ask(["LRANGE", "{key}", "0", String(sampleSize - 1)])
    case "set":
      size = "\(ask(["SCARD", "{key}"]).integer ?? 0) members"
      sample = ask(["SRANDMEMBER", "{key}", count])
    case "zset":
      size = "\(ask(["ZCARD", "{key}"]).integer ?? 0) members"
      sample = ask(["ZRANGE", "{key}", "0", String(sampleSize - 1), "WITHSCORES"])
    case "hash":
      size = "\(ask(["HLEN", "{key}"]).integer ?? 0) fields"
      sample = ask(["HRANDFIELD", "{key}", count, "WITHVALUES"])
    case "stream":
      size = "\(ask(["XLEN", "{key}"]).integer ?? 0) entries"
      sample = ask(["XRANGE", "{key}", "-", "+", "COUNT", "3"])
    default:
      size = "?"
      sample = .null
    }
    shell.say("key       \(name)\n")
    shell.say("type      \(type) (encoding \(encoding))\n")
    shell.say("size      \(size)\n")
    shell.say("memory    \(memory)\n")
    shell.say("ttl       \(ttl)\n")
    let formatted = String(decoding: ReplyFormatter.format(sample, mode: .terminal), as: UTF8.self)
    let lines = formatted.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    for (index, line) in lines.enumerated() {
      shell.output.line((index == 0 ? "sample    " : "          ") + line)
    }
  }
}

/// `:sandbox`: the private server's status, restart and wipe.
struct SandboxCommand {
  let shell: Shell

  func run(_ words: [String]) {
    guard let sandbox = shell.link.sandbox else {
      shell.note(
        "Not on the sandbox: connected to \(shell.link.options.endpoint). Start redis-tutor without -h/-p/-s/-u to use it."
      )
      return
    }
    switch words.first?.lowercased() ?? "status" {
    case "status":
      let state = sandbox.isRunning ? "running" : "stopped"
      let pid = sandbox.pid.map { ", pid \($0)" } ?? ""
      let address = sandbox.endpoint.map { ", \($0)" } ?? ""
      let shared = sandbox.isShared ? " (shared with another redis-tutor)" : ""
      shell.say("sandbox      \(state)\(pid)\(address)\(shared)\n")
      shell.say("directory    \(sandbox.directory)\n")
      shell.say("persistence  \(sandbox.persistence)\n")
      if let port = sandbox.port {
        // The password itself never reaches the screen (or the recording): the line works
        // as it is in a shell, and `redis-tutor sandbox url` prints the whole URL.
        shell.say(
          "url          redis://default:$(cat \(sandbox.directory)/password)@127.0.0.1:\(port)/0\n")
      }
      if let connection = try? shell.link.connect(), !connection.inTransaction {
        let keys = (try? connection.send("DBSIZE"))?.integer ?? 0
        shell.say("keys         \(keys) in db \(connection.database)\n")
      }
    case "restart":
      var mode: Persistence?
      if words.count > 1 {
        guard let named = Persistence(labName: words[1]) else {
          shell.note(
            "Unknown persistence mode '\(words[1])': use one of \(Persistence.labNames.joined(separator: ", "))."
          )
          return
        }
        mode = named
      }
      do {
        let before = sandbox.persistence
        let port = try sandbox.restart(persistence: mode)
        shell.link.drop()
        try shell.link.connect()
        let saved =
          before == .none
          ? "nothing was saved on the way down (persistence none)"
          : "keys were saved on the way down"
        shell.note(
          "Sandbox restarted on port \(port) with persistence \(sandbox.persistence); \(saved).")
      } catch {
        shell.report(error)
      }
    case "crash":
      sandbox.crash()
      shell.link.drop()
      shell.note(
        "Sandbox killed with SIGKILL (persistence \(sandbox.persistence)): nothing was saved on the way down. The next command restarts it with whatever its files hold."
      )
    case "wipe":
      do {
        try sandbox.wipe()
        shell.note("Sandbox wiped: every key in every database is gone.")
      } catch {
        shell.report(error)
      }
    default:
      shell.note("Usage: :sandbox [status|restart [MODE]|crash|wipe]")
    }
  }
}
