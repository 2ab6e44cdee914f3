/// The version printed by `--version` and `help`.
enum TutorVersion {
  static let current = "0.1.0"
}
