import LineEditor
import RedisCLIFormat
import RedisClient

/// TAB completion and inline hints for the line editor, from the server's command table,
/// the meta-command table and the keys on the server.
extension Shell {
  /// Connects the line editor's completion and hint callbacks to this shell.
  public func install(on editor: LineEditor) {
    editor.completion = { [unowned self] line in self.complete(line) }
    editor.hint = { [unowned self] line in self.hint(for: line) }
    editor.hintsEnabled = settings.hints
  }

  /// Completion candidates for the line typed so far (cursor at the end).
  public func complete(_ line: [UInt8]) -> Completion {
    let wordStart = (line.lastIndex(where: { $0 == 0x20 }).map { $0 + 1 }) ?? 0
    if line.first == UInt8(ascii: ":") && !line.contains(0x20) {
      let typed = String(decoding: line.dropFirst(), as: UTF8.self).lowercased()
      let names = metaCommands.keys.filter { $0.hasPrefix(typed) }.sorted()
      return Completion(replaceFrom: 0, candidates: names.map { Array((":" + $0).utf8) })
    }
    let table = commandTable
    let suggestion = table.completions(for: line)
    var candidates = suggestion.candidates.map { Array($0.utf8) }
    if suggestion.wantsKeys {
      candidates += keys(matching: Array(line[wordStart...]))
    }
    return Completion(
      replaceFrom: suggestion.wantsKeys ? wordStart : suggestion.replaceFrom, candidates: candidates
    )
  }

  /// The grey hint after the cursor: the remaining arguments of the command being typed.
  public func hint(for line: [UInt8]) -> String? {
    guard settings.hints, !line.isEmpty else { return nil }
    if line.first == UInt8(ascii: ":") {
      let words = String(decoding: line, as: UTF8.self).split(separator: " ")
      guard line.last == 0x20, words.count == 1,
        let command = metaCommands[String(words[0].dropFirst()).lowercased()]
      else { return nil }
      let usage = command.usage.split(separator: " ").dropFirst().joined(separator: " ")
      return usage.isEmpty ? nil : usage
    }
    guard case .arguments(let argv) = Tokenizer.split(line), !argv.isEmpty else { return nil }
    var words = argv
    if words.count > 1, words[0].allSatisfy({ (0x30...0x39).contains($0) }) { words.removeFirst() }
    return commandTable.hint(for: words, endsWithSpace: line.last == 0x20)
  }

  /// Key names starting with `prefix`, found with a bounded SCAN (never KEYS).
  func keys(matching prefix: [UInt8], limit: Int = 50) -> [[UInt8]] {
    guard let connection = link.connection, link.isConnected, !connection.inTransaction else {
      return []
    }
    var pattern: [UInt8] = []
    for byte in prefix {
      if [
        UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: "\\"),
      ]
      .contains(byte) {
        pattern.append(UInt8(ascii: "\\"))
      }
      pattern.append(byte)
    }
    pattern.append(UInt8(ascii: "*"))
    var found: [[UInt8]] = []
    var cursor: [UInt8] = Array("0".utf8)
    for _ in 0..<20 {
      let argv: [[UInt8]] = [
        Array("SCAN".utf8), cursor, Array("MATCH".utf8), pattern, Array("COUNT".utf8),
        Array("500".utf8),
      ]
      guard let reply = try? connection.send(argv), let parts = reply.array, parts.count == 2,
        case .bulk(let next) = parts[0], let batch = parts[1].array
      else { break }
      for case .bulk(let key) in batch where !found.contains(key) { found.append(key) }
      cursor = next
      if next == Array("0".utf8) || found.count >= limit { break }
    }
    return Array(found.sorted { $0.lexicographicallyPrecedes($1) }.prefix(limit))
  }
}
