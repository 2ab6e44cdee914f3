import RedisCLIFormat

/// Reading an answer to an `explain` card, written in the learner's own words: which of the
/// card's key points it names, the rating that suggests, and the text kept with the review.
public enum ExplainAnswer {
  /// The words of `text`: runs of letters and digits, lower-cased (`TTL -1` is `ttl`, `1`).
  public static func words(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
  }

  /// Whether `attempt` names `point`, by plain word matching, ignoring case.
  ///
  /// A point is the text shown, optionally followed by its match terms in brackets:
  /// `no expiry (-1) [1 no/never/without expir*/ttl]`; without brackets its shown words are
  /// the terms. Every space-separated term must appear among the attempt's words. A term may
  /// list alternatives separated by `/` (`missing/absent`), and an alternative ending in `*`
  /// matches any word starting with it (`expir*` matches expire, expires, expiry).
  public static func names(_ attempt: String, point: String) -> Bool {
    let given = Set(words(attempt))
    return terms(of: point).split(whereSeparator: \.isWhitespace).allSatisfy { term in
      term.split(separator: "/").contains { alternative in
        let prefix = alternative.hasSuffix("*")
        let needed = words(String(prefix ? alternative.dropLast() : alternative))
        guard let last = needed.last else { return false }
        return needed.dropLast().allSatisfy(given.contains)
          && (prefix ? given.contains { $0.hasPrefix(last) } : given.contains(last))
      }
    }
  }

  /// For each of `points`, whether `attempt` names it.
  public static func named(_ attempt: String, points: [String]) -> [Bool] {
    points.map { names(attempt, point: $0) }
  }

  /// `point` as shown to the learner: its text without the bracketed match terms.
  public static func shown(_ point: String) -> String {
    guard let open = bracket(in: point) else { return point }
    return String(point[..<open]).trimmed()
  }

  /// The match terms of `point`: inside its final brackets, or its whole text.
  static func terms(of point: String) -> String {
    guard let open = bracket(in: point) else { return point }
    return String(point[point.index(after: open)..<point.index(before: point.endIndex)])
  }

  /// Where the bracketed match terms of `point` open, when it ends with them.
  private static func bracket(in point: String) -> String.Index? {
    guard point.hasSuffix("]"), let open = point.lastIndex(of: "[") else { return nil }
    return open
  }

  /// `attempt` as the review log keeps it: any Redis command in it that carries a password
  /// (`AUTH …`, `CONFIG SET requirepass …`, as `SensitiveCommand` knows them) has its secret
  /// replaced by `(redacted)`, and so has the password of a `redis://user:password@` address.
  public static func stored(_ attempt: String) -> String {
    redactingURLPasswords(redactingCommands(attempt))
  }

  /// `text` with everything from the first word that starts a secret-carrying command on
  /// replaced by that command with its secrets masked.
  private static func redactingCommands(_ text: String) -> String {
    let bytes = Array(text.utf8)
    let separators: Set<UInt8> = Set(" \t\n`(\"'".utf8)
    for index in bytes.indices where index == 0 || separators.contains(bytes[index - 1]) {
      guard !separators.contains(bytes[index]),
        let argv = SensitiveCommand.redacted(line: Array(bytes[index...]))
      else { continue }
      let command = argv.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
      return String(decoding: bytes[..<index], as: UTF8.self) + command
    }
    return text
  }

  /// `text` with the password of each `scheme://user:password@host` replaced.
  private static func redactingURLPasswords(_ text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let scheme = rest.range(of: "://") {
      result += rest[..<scheme.upperBound]
      rest = rest[scheme.upperBound...]
      let authority = rest.prefix { !$0.isWhitespace && $0 != "/" }
      if let at = authority.lastIndex(of: "@") {
        let userInfo = authority[..<at]
        let user = userInfo.firstIndex(of: ":").map { userInfo[..<$0] + ":" } ?? ""
        result += user + SensitiveCommand.redactionMark
        rest = rest[at...]
      }
    }
    return result + rest
  }
}
