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

  /// Whether `argv` carries a password or credentials: AUTH, HELLO … AUTH, ACL SETUSER /
  /// GETUSER / DELUSER, CONFIG SET of a password setting, MIGRATE … AUTH/AUTH2.
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
    default: return false
    }
  }

  /// `argv` with secret arguments replaced by `(redacted)`, for recordings and logs.
  public static func redacted(_ argv: [[UInt8]]) -> [[UInt8]] {
    guard contains(argv) else { return argv }
    let words = argv.map { String(decoding: $0, as: UTF8.self).lowercased() }
    let mask = Array("(redacted)".utf8)
    switch words[0] {
    case "auth": return [argv[0]] + argv.dropFirst().map { _ in mask }
    case "hello", "migrate":
      var result = argv
      if let index = words.firstIndex(where: { $0 == "auth" || $0 == "auth2" }) {
        for position in (index + 1)..<min(index + 3, argv.count) { result[position] = mask }
      }
      return result
    case "acl":
      return Array(argv.prefix(3)) + argv.dropFirst(3).map { _ in mask }
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
