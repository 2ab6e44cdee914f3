/// A reply from Redis, mirroring hiredis's reply types (RESP2).
///
/// Strings are kept as raw bytes: Redis is binary safe and the formatter must print exactly
/// what the server sent. An error reply is a value like any other, not a thrown error.
public enum Reply: Sendable, Hashable {
  /// A simple string such as `OK` or `QUEUED`.
  case status([UInt8])
  /// An error reply such as `WRONGTYPE Operation against a key holding the wrong kind of value`.
  case error([UInt8])
  /// An integer reply.
  case integer(Int64)
  /// A bulk string.
  case bulk([UInt8])
  /// The null bulk string or null array.
  case null
  /// An array of replies, possibly nested.
  case array([Reply])

  /// The reply's bytes as text, for status, error and bulk replies (lossy UTF-8).
  public var string: String? {
    switch self {
    case .status(let bytes), .error(let bytes), .bulk(let bytes):
      return String(decoding: bytes, as: UTF8.self)
    case .integer(let value): return String(value)
    case .null, .array: return nil
    }
  }

  /// The integer value of an integer reply, or of a bulk string that holds a decimal number.
  public var integer: Int64? {
    switch self {
    case .integer(let value): return value
    case .bulk(let bytes), .status(let bytes): return Int64(String(decoding: bytes, as: UTF8.self))
    default: return nil
    }
  }

  /// The elements of an array reply.
  public var array: [Reply]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// Whether this is an error reply.
  public var isError: Bool {
    if case .error = self { return true }
    return false
  }

  /// A short status reply built from text, for tests and local replies.
  public static func status(_ text: String) -> Reply { .status(Array(text.utf8)) }
  /// An error reply built from text.
  public static func error(_ text: String) -> Reply { .error(Array(text.utf8)) }
  /// A bulk string reply built from text.
  public static func bulk(_ text: String) -> Reply { .bulk(Array(text.utf8)) }
}
