import JSON
import RedisClient

/// Reads `COMMAND DOCS` as JSON, the form in which a RESP2 client limited in nesting can
/// receive it.
///
/// hiredis 0.14 refuses replies nested deeper than 7 levels ("No support for nested multi
/// bulk replies with depth > 7"), and `COMMAND DOCS` nests deeper (subcommands, blocks of
/// one-ofs). So the server encodes the reply itself: a Lua script runs `COMMAND DOCS` and
/// returns it through `cjson.encode` as one bulk string, which this decodes back into the
/// same `Reply` shape. Lua turns a status reply into `{"ok": text}`, an empty array into
/// `{}` and nil into `false`; each is mapped back.
enum CommandDocsJSON {
  /// The `EVAL` that fetches the docs as JSON.
  static let script = "return cjson.encode(redis.call('COMMAND', 'DOCS'))"

  /// Decodes the script's JSON text; nil when it is not valid JSON.
  static func decode(_ text: [UInt8]) -> Reply? {
    guard let value = try? JSONParser.parse(text) else { return nil }
    return reply(value)
  }

  /// The reply a JSON value stands for: `{}` is an empty array, `{"ok": s}` a status,
  /// `{"err": s}` an error, any other object its fields as name, value pairs; `true` is 1 and
  /// `false` nil, as Lua turned them.
  private static func reply(_ value: JSONValue) -> Reply? {
    switch value.content {
    case .null: return .null
    case .bool(let flag): return flag ? .integer(1) : .null
    case .number(let number, let literal):
      if let integer = Int64(literal) { return .integer(integer) }
      guard number.isFinite, abs(number) < 9e18 else { return nil }
      return .integer(Int64(number))
    case .string(let text): return .bulk(Array(text.utf8))
    case .array(let elements):
      var replies: [Reply] = []
      for element in elements {
        guard let reply = reply(element) else { return nil }
        replies.append(reply)
      }
      return .array(replies)
    case .object(let fields):
      if fields.count == 1, let message = fields[0].value.string {
        if fields[0].name == "ok" { return .status(Array(message.utf8)) }
        if fields[0].name == "err" { return .error(Array(message.utf8)) }
      }
      var replies: [Reply] = []
      for field in fields {
        guard let reply = reply(field.value) else { return nil }
        replies += [.bulk(Array(field.name.utf8)), reply]
      }
      return .array(replies)
    }
  }
}
