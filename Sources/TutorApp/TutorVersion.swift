/// The version printed by `--version` and `help`.
public enum TutorVersion {
  public static let current = "0.1.0"
}
