#if canImport(Glibc)
  import Glibc
#endif

/// Recognises commands whose arguments carry a secret, so they never reach a history file,
/// a recording or a log.
public enum SensitiveCommand {
  /// Settings whose value is a password.
  static let passwordSettings: Set<String> = [
    "requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass",
  ]
  /// Sentinel settings whose value is a password (`SENTINEL SET master auth-pass pw`,
  /// `SENTINEL CONFIG SET sentinel-pass pw`).
  static let sentinelPasswordSettings: Set<String> = ["auth-pass", "sentinel-pass"]

  /// Commands that can carry a secret: a typed line starting with one of them is treated as
  /// secret when it does not parse, since its arguments cannot be told apart.
  static let credentialCommands: Set<String> = [
    "auth", "hello", "acl", "config", "migrate", "sentinel",
  ]

  /// The typed `line` (all of it, continuation lines included) with its secrets replaced by
  /// `(redacted)`, or nil when it holds none.
  ///
  /// A line that does not parse (an open quote, or `AUTH "pw"x`) is judged by its first word,
  /// read as leniently as the tokenizer allows, and shows only that word: the shell never
  /// sends it, but a typo'd password is still a password.
  public static func redacted(line: [UInt8]) -> [[UInt8]]? {
    switch CommandLineParser.parse(line) {
    case .empty: return nil
    case .command(_, let argv): return contains(argv) ? redacted(argv) : nil
    case .invalidArguments, .invalidRepeat, .unterminatedQuote:
      let scan = Tokenizer.scan(line)
      var words = scan.tokens.map(\.bytes) + (scan.partial.map { [$0.bytes] } ?? [])
      if words.count > 1, RepeatPrefix(words[0]) != .notANumber { words.removeFirst() }
      guard let name = words.first,
        credentialCommands.contains(String(decoding: name, as: UTF8.self).lowercased())
      else { return nil }
      return [name, Array(redactionMark.utf8)]
    }
  }

  /// Whether the typed `line` holds a secret, so it must not reach a history file.
  public static func isSensitive(line: [UInt8]) -> Bool { redacted(line: line) != nil }

  /// What stands in for a secret in recordings and logs.
  public static let redactionMark = "(redacted)"

  /// Whether `argv` carries a password or credentials: AUTH, HELLO … AUTH, ACL SETUSER /
  /// GETUSER / DELUSER, CONFIG SET of a password setting, SENTINEL SET … auth-pass,
  /// MIGRATE … AUTH/AUTH2.
  public static func contains(_ argv: [[UInt8]]) -> Bool {
    let words = argv.map { String(decoding: $0, as: UTF8.self).lowercased() }
    guard let name = words.first else { return false }
    let subcommand = words.count > 1 ? words[1] : ""
    switch name {
    case "auth": return true
    case "hello": return words.contains("auth")
    case "acl": return ["setuser", "getuser", "deluser"].contains(subcommand)
    case "config":
      guard subcommand == "set" else { return false }
      return stride(from: 2, to: words.count, by: 2).contains {
        passwordSettings.contains(words[$0])
      }
    case "migrate": return words.contains("auth") || words.contains("auth2")
    case "sentinel":
      guard subcommand == "set" || subcommand == "config" else { return false }
      return words.dropFirst(2).contains { sentinelPasswordSettings.contains($0) }
    default: return false
    }
  }

  /// `argv` with secret arguments replaced by `(redacted)`, for recordings and logs.
  public static func redacted(_ argv: [[UInt8]]) -> [[UInt8]] {
    guard contains(argv) else { return argv }
    let words = argv.map { String(decoding: $0, as: UTF8.self).lowercased() }
    let mask = Array(redactionMark.utf8)
    switch words[0] {
    case "auth": return [argv[0]] + argv.dropFirst().map { _ in mask }
    case "hello", "migrate":
      var result = argv
      if let index = words.firstIndex(where: { $0 == "auth" || $0 == "auth2" }) {
        // HELLO's AUTH and MIGRATE's AUTH2 take a user and a password; MIGRATE's AUTH only
        // a password (what follows it is KEYS or the end).
        let secrets = words[0] == "migrate" && words[index] == "auth" ? 1 : 2
        for position in (index + 1)..<min(index + 1 + secrets, argv.count) {
          result[position] = mask
        }
      }
      return result
    case "acl":
      return Array(argv.prefix(3)) + argv.dropFirst(3).map { _ in mask }
    case "sentinel":
      var result = argv
      for position in 3..<argv.count
      where sentinelPasswordSettings.contains(words[position - 1]) {
        result[position] = mask
      }
      return result
    default:
      var result = argv
      for position in stride(from: 3, to: argv.count, by: 2)
      where passwordSettings.contains(words[position - 1]) {
        result[position] = mask
      }
      return result
    }
  }

  /// Whether the *reply* to `argv` may show a secret.
  ///
  /// That is CONFIG GET of a pattern that matches a password setting, and ACL GETUSER and
  /// ACL LIST (password hashes). Recordings hide such replies.
  public static func revealsSecret(_ argv: [[UInt8]]) -> Bool {
    let words = argv.map { String(decoding: $0, as: UTF8.self).lowercased() }
    guard words.count >= 2 else { return false }
    switch (words[0], words[1]) {
    case ("acl", "getuser"), ("acl", "list"): return true
    case ("config", "get"):
      return words.dropFirst(2).contains { pattern in
        passwordSettings.contains { fnmatch(pattern, $0, 0) == 0 }
      }
    default: return false
    }
  }
}
