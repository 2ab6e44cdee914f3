/// The front matter of a lesson file: a strict subset of YAML between two `---` lines.
///
/// Top-level `key: value` lines and one list, `blocks:`, whose items start with `- ` and
/// continue with indented `key: value` lines. Anything else is a problem with a line number,
/// so an author never has to guess what a YAML library made of their file.
struct FrontMatter {
  /// A value and the line it came from.
  struct Field {
    var value: String
    var line: Int
  }

  /// Top-level fields by key.
  var fields: [String: Field] = [:]
  /// The `blocks:` items, each a set of fields, with the line of its `- `.
  var blocks: [(line: Int, fields: [String: Field])] = []
  /// The line after the closing `---`, where the Markdown body starts.
  var bodyStartLine = 1

  /// Splits a file's lines into front matter and body; problems are collected, not thrown.
  static func read(_ lines: [Substring], problems: inout [(Int, String)]) -> FrontMatter {
    var matter = FrontMatter()
    guard lines.first.map({ $0.trimmed() }) == "---" else {
      problems.append(
        (
          1,
          "a lesson starts with front matter: a '---' line, 'day:', 'title:', 'blocks:', then '---'"
        ))
      return matter
    }
    guard let closing = lines.dropFirst().firstIndex(where: { $0.trimmed() == "---" })
    else {
      problems.append((1, "the front matter has no closing '---' line"))
      return matter
    }
    matter.bodyStartLine = closing + 2
    var inBlocks = false
    for index in 1..<closing {
      let number = index + 1
      let raw = lines[index]
      let text = raw.trimmed()
      if text.isEmpty || text.hasPrefix("#") { continue }
      let indented = raw.first == " " || raw.first == "\t"
      if !indented {
        inBlocks = false
        guard let (key, value) = keyValue(text) else {
          problems.append((number, "expected 'key: value', found '\(text)'"))
          continue
        }
        if key == "blocks" {
          if !value.isEmpty {
            problems.append((number, "'blocks:' takes a list on the following lines, not a value"))
          }
          inBlocks = true
          continue
        }
        if matter.fields[key] != nil {
          problems.append((number, "'\(key)' is given twice"))
        }
        matter.fields[key] = Field(value: value, line: number)
        continue
      }
      guard inBlocks else {
        problems.append((number, "an indented line outside 'blocks:'"))
        continue
      }
      var entry = text
      if text.hasPrefix("- ") || text == "-" {
        matter.blocks.append((number, [:]))
        entry = String(text.dropFirst(1)).trimmed()
        if entry.isEmpty { continue }
      } else if matter.blocks.isEmpty {
        problems.append((number, "a block starts with '- ' (e.g. '  - id: concepts')"))
        continue
      }
      guard let (key, value) = keyValue(entry) else {
        problems.append((number, "expected 'key: value' in a block, found '\(entry)'"))
        continue
      }
      if matter.blocks[matter.blocks.count - 1].fields[key] != nil {
        problems.append((number, "'\(key)' is given twice in this block"))
      }
      matter.blocks[matter.blocks.count - 1].fields[key] = Field(value: value, line: number)
    }
    return matter
  }

  private static func keyValue(_ text: String) -> (String, String)? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let key = String(text[..<colon]).trimmed()
    guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else { return nil }
    var value = Substring(text[text.index(after: colon)...]).trimmed()
    if value.count >= 2, let first = value.first, first == "\"" || first == "'",
      value.last == first
    {
      value = String(value.dropFirst().dropLast())
    }
    return (key, value)
  }
}
