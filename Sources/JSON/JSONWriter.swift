/// Writes JSON text: quoted strings, numbers, and whole values in compact form.
public enum JSONWriter {
  /// `text` as a quoted JSON string: quotes, backslashes and every control character
  /// (C0, DEL) escaped; everything else kept as UTF-8.
  public static func quoted(_ text: String) -> String {
    var result = "\""
    result.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\u{00}"..."\u{1F}", "\u{7F}":
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    result += "\""
    return result
  }

  /// A finite number in JSON's syntax; integral values keep a ".0" so they read as floats.
  ///
  /// JSON has no infinities or NaN, so those are written as 0 rather than as invalid text.
  public static func number(_ value: Double) -> String {
    value.isFinite ? value.description : "0"
  }

  /// `value` as compact JSON text: no spaces, fields in their order, numbers as written.
  public static func text(_ value: JSONValue) -> String {
    var result = ""
    write(value, into: &result)
    return result
  }

  /// `value` as indented JSON text, two spaces a level, `"name" : value` for each field, an
  /// empty array or object on one line; no final newline.
  public static func prettyText(_ value: JSONValue) -> String {
    var result = ""
    writePretty(value, indent: "", into: &result)
    return result
  }

  private static func writePretty(_ value: JSONValue, indent: String, into result: inout String) {
    let inner = indent + "  "
    switch value.content {
    case .array(let elements) where !elements.isEmpty:
      result += "[\n"
      for (index, element) in elements.enumerated() {
        result += inner
        writePretty(element, indent: inner, into: &result)
        result += index + 1 < elements.count ? ",\n" : "\n"
      }
      result += indent + "]"
    case .object(let fields) where !fields.isEmpty:
      result += "{\n"
      for (index, field) in fields.enumerated() {
        result += inner + quoted(field.name) + " : "
        writePretty(field.value, indent: inner, into: &result)
        result += index + 1 < fields.count ? ",\n" : "\n"
      }
      result += indent + "}"
    default:
      write(value, into: &result)
    }
  }

  private static func write(_ value: JSONValue, into result: inout String) {
    switch value.content {
    case .null: result += "null"
    case .bool(let flag): result += flag ? "true" : "false"
    case .number(_, let literal): result += literal
    case .string(let text): result += quoted(text)
    case .array(let elements):
      result += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { result += "," }
        write(element, into: &result)
      }
      result += "]"
    case .object(let fields):
      result += "{"
      for (index, field) in fields.enumerated() {
        if index > 0 { result += "," }
        result += quoted(field.name) + ":"
        write(field.value, into: &result)
      }
      result += "}"
    }
  }
}
