import RedisCLIFormat
import RedisClient

/// What a check line expects of a reply: an exact value, a range, a pattern, a shape.
public indirect enum ReplyMatcher: Sendable, Equatable {
  /// A bulk or status string equal to this text.
  case text(String)
  /// Exactly this integer.
  case integer(Int64)
  /// An integer in this range.
  case integerRange(ClosedRange<Int64>)
  /// A string, status, error or integer whose text contains a match of this pattern; an
  /// array is matched as its elements' text, nested arrays flattened, joined by single spaces
  /// (`XRANGE` of one entry `1-1 job a` reads `1-1 job a`).
  case pattern(String)
  /// A nil reply.
  case isNil
  /// An array of exactly these elements, in order, compared as text.
  case orderedArray([String])
  /// An array of exactly these elements in any order.
  case unorderedArray([String])
  /// An array with a number of elements in this range.
  case count(ClosedRange<Int64>)
  /// A reply of this type.
  case type(ReplyType)
  /// Anything the inner matcher does not pass.
  case not(ReplyMatcher)

  /// The reply types a `type` matcher can name.
  public enum ReplyType: String, Sendable, CaseIterable {
    case string, status, integer, array, `nil`, error
  }

  /// Whether `reply` passes.
  public func matches(_ reply: Reply) -> Bool {
    switch self {
    case .text(let expected):
      switch reply {
      case .bulk, .status: return reply.string == expected
      default: return false
      }
    case .integer(let expected):
      if case .integer(let value) = reply { return value == expected }
      return false
    case .integerRange(let range):
      if case .integer(let value) = reply { return range.contains(value) }
      return false
    case .pattern(let pattern):
      guard let text = Self.flatText(reply), let regex = try? Regex(pattern) else {
        return false
      }
      return text.contains(regex)
    case .isNil:
      return reply == .null
    case .orderedArray(let expected):
      guard let elements = reply.array else { return false }
      return elements.map(Self.elementText) == expected
    case .unorderedArray(let expected):
      guard let elements = reply.array else { return false }
      return elements.map(Self.elementText).sorted() == expected.sorted()
    case .count(let range):
      guard let elements = reply.array else { return false }
      return range.contains(Int64(elements.count))
    case .type(let type):
      return Self.type(of: reply) == type
    case .not(let inner):
      return !inner.matches(reply)
    }
  }

  /// What the matcher expects, in words, for a failure message.
  public var expectation: String {
    switch self {
    case .text(let text): return "\"\(text)\""
    case .integer(let value): return "(integer) \(value)"
    case .integerRange(let range):
      return "an integer from \(range.lowerBound) to \(range.upperBound)"
    case .pattern(let pattern): return "a reply matching /\(pattern)/"
    case .isNil: return "(nil)"
    case .orderedArray(let elements):
      return "[" + elements.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    case .unorderedArray(let elements):
      return "{" + elements.map { "\"\($0)\"" }.joined(separator: " ") + "} in any order"
    case .count(let range):
      return range.lowerBound == range.upperBound
        ? "\(range.lowerBound) elements" : "\(range.lowerBound) to \(range.upperBound) elements"
    case .type(let type): return "a reply of type \(type.rawValue)"
    case .not(let inner): return "anything but \(inner.expectation)"
    }
  }

  /// The reply's text for a pattern: an array's elements flattened and joined by spaces (a
  /// nil element reads `(nil)`); nil for a nil reply.
  private static func flatText(_ reply: Reply) -> String? {
    guard let elements = reply.array else { return reply.string }
    return elements.map { flatText($0) ?? "(nil)" }.joined(separator: " ")
  }

  private static func elementText(_ reply: Reply) -> String {
    reply.string ?? (reply == .null ? "(nil)" : "(array)")
  }

  private static func type(of reply: Reply) -> ReplyType {
    switch reply {
    case .bulk: return .string
    case .status: return .status
    case .integer: return .integer
    case .array: return .array
    case .null: return .nil
    case .error: return .error
    }
  }
}

/// Reads the matcher after `=>` in a check line.
enum ReplyMatcherParser {
  /// Parses `text` (everything after `=>`) into a matcher and an optional `# message`.
  static func parse(_ text: Substring) throws(LessonProblem.Reason) -> (ReplyMatcher, String?) {
    var rest = text.drop(while: \.isWhitespace)
    let matcher = try parseMatcher(&rest)
    rest = rest.drop(while: \.isWhitespace)
    if rest.isEmpty { return (matcher, nil) }
    guard rest.first == "#" else {
      throw .message("unexpected '\(rest)' after the matcher (a message starts with '#')")
    }
    let message = rest.dropFirst().trimmed()
    return (matcher, message.isEmpty ? nil : message)
  }

  private static func parseMatcher(_ rest: inout Substring) throws(LessonProblem.Reason)
    -> ReplyMatcher
  {
    guard let first = rest.first else { throw .message("a matcher is missing after '=>'") }
    switch first {
    case "/":
      return .pattern(try regexBody(&rest))
    case "[", "{":
      let close: Character = first == "[" ? "]" : "}"
      let body = try bracketBody(&rest, close: close)
      guard case .arguments(let elements) = Tokenizer.split(Array(body.utf8)) else {
        throw .message("unbalanced quotes inside \(first)…\(close)")
      }
      let texts = elements.map { String(decoding: $0, as: UTF8.self) }
      return first == "[" ? .orderedArray(texts) : .unorderedArray(texts)
    case "\"", "'":
      let token = try quotedToken(&rest)
      return .text(token)
    default:
      let word = takeWord(&rest)
      switch word {
      case "nil": return .isNil
      case "not":
        rest = rest.drop(while: \.isWhitespace)
        return .not(try parseMatcher(&rest))
      case "count":
        rest = rest.drop(while: \.isWhitespace)
        let number = takeWord(&rest)
        guard let range = integerRange(number) else {
          throw .message("'count' needs a number or a range like 1..5, not '\(number)'")
        }
        return .count(range)
      case "type":
        rest = rest.drop(while: \.isWhitespace)
        let name = takeWord(&rest)
        guard let type = ReplyMatcher.ReplyType(rawValue: name) else {
          let names = ReplyMatcher.ReplyType.allCases.map(\.rawValue).joined(separator: ", ")
          throw .message("unknown reply type '\(name)' (one of \(names))")
        }
        return .type(type)
      default:
        if let value = Int64(word) { return .integer(value) }
        if word.contains(".."), let range = integerRange(word) { return .integerRange(range) }
        return .text(word)
      }
    }
  }

  private static func takeWord(_ rest: inout Substring) -> String {
    let word = rest.prefix { !$0.isWhitespace }
    rest = rest.dropFirst(word.count)
    return String(word)
  }

  private static func integerRange(_ text: String) -> ClosedRange<Int64>? {
    if let value = Int64(text) { return value...value }
    let parts = text.split(separator: "..", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Int64(parts[0]), let high = Int64(parts[1]), low <= high
    else { return nil }
    return low...high
  }

  private static func regexBody(_ rest: inout Substring) throws(LessonProblem.Reason) -> String {
    var body = ""
    var index = rest.index(after: rest.startIndex)
    while index < rest.endIndex {
      let character = rest[index]
      if character == "\\" {
        let next = rest.index(after: index)
        guard next < rest.endIndex else { break }
        if rest[next] != "/" { body.append("\\") }
        body.append(rest[next])
        index = rest.index(after: next)
        continue
      }
      if character == "/" {
        rest = rest[rest.index(after: index)...]
        do {
          _ = try Regex(body)
        } catch {
          throw .message("the pattern /\(body)/ is not a valid regular expression")
        }
        return body
      }
      body.append(character)
      index = rest.index(after: index)
    }
    throw .message("the pattern starting with '/' has no closing '/'")
  }

  private static func bracketBody(_ rest: inout Substring, close: Character)
    throws(LessonProblem.Reason) -> String
  {
    var quote: Character?
    var index = rest.index(after: rest.startIndex)
    while index < rest.endIndex {
      let character = rest[index]
      if let open = quote {
        if character == "\\" && open == "\"" {
          index = rest.index(after: index)
          if index == rest.endIndex { break }
        } else if character == open {
          quote = nil
        }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == close {
        let body = String(rest[rest.index(after: rest.startIndex)..<index])
        rest = rest[rest.index(after: index)...]
        return body
      }
      index = rest.index(after: index)
    }
    throw .message("'\(rest.first!)' has no closing '\(close)'")
  }

  private static func quotedToken(_ rest: inout Substring) throws(LessonProblem.Reason) -> String {
    let open = rest.first!
    var index = rest.index(after: rest.startIndex)
    while index < rest.endIndex {
      let character = rest[index]
      if character == "\\" && open == "\"" {
        index = rest.index(after: index)
        if index == rest.endIndex { break }
      } else if character == open {
        let token = String(rest[rest.startIndex...index])
        rest = rest[rest.index(after: index)...]
        guard case .arguments(let parts) = Tokenizer.split(Array(token.utf8)), parts.count == 1
        else { throw .message("cannot read the quoted string \(token)") }
        return String(decoding: parts[0], as: UTF8.self)
      }
      index = rest.index(after: index)
    }
    throw .message("the quoted string has no closing \(open)")
  }
}
