import RedisClient

/// How redis-cli prints a reply.
public enum OutputMode: Sendable {
  /// The terminal format (`--no-raw`, or stdout is a tty): `(integer) 1`, quoted strings.
  case terminal
  /// The raw format (`--raw`, or stdout is piped): bare values, one per line.
  case raw
  /// Raw bytes with no newline added: what redis-cli does for replies it always prints raw
  /// (INFO, CLIENT LIST ...), whose text already ends with its own line break.
  case verbatim
}

/// Prints replies exactly as redis-cli 7.0 does.
public enum ReplyFormatter {
  /// The exact bytes redis-cli prints for `reply`, including the trailing newline(s).
  public static func format(_ reply: Reply, mode: OutputMode) -> [UInt8] {
    var output: [UInt8] = []
    switch mode {
    case .terminal:
      appendTerminal(reply, to: &output)
    case .raw:
      appendRaw(reply, to: &output)
      output.append(newline)
    case .verbatim:
      appendRaw(reply, to: &output)
    }
    return output
  }

  /// The mode redis-cli uses for the reply to `argv`.
  ///
  /// redis-cli prints some replies raw even on a terminal, and without adding a newline:
  /// INFO, LOLWUT, CLIENT LIST/INFO, CLUSTER NODES/INFO, MEMORY DOCTOR/MALLOC-STATS,
  /// LATENCY DOCTOR/GRAPH and DEBUG HTSTATS/HTSTATS-KEY. For those this returns `.verbatim`,
  /// for everything else `mode`.
  public static func mode(for argv: [[UInt8]], default mode: OutputMode) -> OutputMode {
    guard let first = argv.first else { return mode }
    let command = CCharacter.upperCased(first)
    let subcommand = argv.count >= 2 ? CCharacter.upperCased(argv[1]) : ""
    let alwaysRaw: Bool
    switch command {
    case "INFO", "LOLWUT": alwaysRaw = true
    case "DEBUG": alwaysRaw = subcommand == "HTSTATS" || subcommand == "HTSTATS-KEY"
    case "MEMORY": alwaysRaw = subcommand == "MALLOC-STATS" || subcommand == "DOCTOR"
    case "CLUSTER": alwaysRaw = argv.count == 2 && (subcommand == "NODES" || subcommand == "INFO")
    case "CLIENT": alwaysRaw = subcommand == "LIST" || subcommand == "INFO"
    case "LATENCY":
      alwaysRaw =
        (argv.count == 3 && subcommand == "GRAPH") || (argv.count == 2 && subcommand == "DOCTOR")
    default: alwaysRaw = false
    }
    return alwaysRaw ? .verbatim : mode
  }

  private static let newline = UInt8(ascii: "\n")

  /// An array being printed: its elements and the next one to print.
  private struct OpenArray {
    let elements: [Reply]
    var next = 0
    /// What later elements' lines start with (terminal format).
    let indent: [UInt8]
    /// The digits of the element count, to right-align the numbers (terminal format).
    let width: Int

    init(_ elements: [Reply], indent: [UInt8] = []) {
      self.elements = elements
      self.indent = indent
      width = String(elements.count).utf8.count
    }

    /// The indent of a nested element's own lines.
    var nestedIndent: [UInt8] { indent + Array(repeating: UInt8(ascii: " "), count: width + 2) }
  }

  /// redis-cli's `cliFormatReplyTTY`.
  ///
  /// Nested arrays are walked with an explicit stack, not recursion: a reply can nest a
  /// thousand levels deep.
  private static func appendTerminal(_ reply: Reply, to output: inout [UInt8]) {
    var open: [OpenArray] = []
    var pending: Reply? = reply
    while true {
      if let current = pending {
        pending = nil
        if case .array(let elements) = current, !elements.isEmpty {
          open.append(OpenArray(elements, indent: open.last?.nestedIndent ?? []))
        } else {
          appendTerminalLine(current, to: &output)
        }
      }
      guard let last = open.indices.last else { return }
      let offset = open[last].next
      guard offset < open[last].elements.count else {
        open.removeLast()
        continue
      }
      open[last].next += 1
      if offset > 0 { output.append(contentsOf: open[last].indent) }
      let number = String(offset + 1)
      output.append(
        contentsOf: Array(repeating: UInt8(ascii: " "), count: open[last].width - number.utf8.count)
      )
      output.append(contentsOf: Array(number.utf8))
      output.append(contentsOf: Array(") ".utf8))
      pending = open[last].elements[offset]
    }
  }

  /// The one line of a reply that is not a non-empty array, in terminal format.
  private static func appendTerminalLine(_ reply: Reply, to output: inout [UInt8]) {
    switch reply {
    case .error(let message):
      output.append(contentsOf: Array("(error) ".utf8))
      output.append(contentsOf: message.prefix { $0 != 0 })
      output.append(newline)
    case .status(let text):
      output.append(contentsOf: text.prefix { $0 != 0 })
      output.append(newline)
    case .integer(let value):
      output.append(contentsOf: Array("(integer) \(value)\n".utf8))
    case .bulk(let bytes):
      BulkStringEscaper.appendQuoted(bytes, to: &output)
      output.append(newline)
    case .null:
      output.append(contentsOf: Array("(nil)\n".utf8))
    case .array:
      output.append(contentsOf: Array("(empty array)\n".utf8))
    }
  }

  /// redis-cli's `cliFormatReplyRaw`, without the final newline; an explicit stack walks
  /// nested arrays, as in `appendTerminal`.
  private static func appendRaw(_ reply: Reply, to output: inout [UInt8]) {
    var open: [OpenArray] = []
    var pending: Reply? = reply
    while true {
      if let current = pending {
        pending = nil
        switch current {
        case .array(let elements): open.append(OpenArray(elements))
        case .null: break
        case .error(let message):
          output.append(contentsOf: message)
          output.append(newline)
        case .status(let bytes), .bulk(let bytes):
          output.append(contentsOf: bytes)
        case .integer(let value):
          output.append(contentsOf: Array(String(value).utf8))
        }
      }
      guard let last = open.indices.last else { return }
      let offset = open[last].next
      guard offset < open[last].elements.count else {
        open.removeLast()
        continue
      }
      open[last].next += 1
      if offset > 0 { output.append(newline) }
      pending = open[last].elements[offset]
    }
  }
}

/// redis-cli's `sdscatrepr`: a bulk string in double quotes with C-style escapes.
enum BulkStringEscaper {
  /// Appends `bytes` quoted and escaped: `\\ \" \n \r \t \a \b`, other bytes outside
  /// printable ASCII as `\xhh`.
  static func appendQuoted(_ bytes: [UInt8], to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "\""):
        output.append(UInt8(ascii: "\\"))
        output.append(byte)
      case UInt8(ascii: "\n"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case UInt8(ascii: "\r"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case UInt8(ascii: "\t"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0x07: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "a")])
      case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
      default:
        if CCharacter.isPrint(byte) {
          output.append(byte)
        } else {
          let digits = Array("0123456789abcdef".utf8)
          output.append(contentsOf: [
            UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)],
          ])
        }
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
