/// The tutor binary and the environment it runs in: its own data and config directories,
/// no colour.
struct TutorUnderTest {
  /// The binary's absolute path.
  let path: String
  /// Where the tutor's `XDG_DATA_HOME` and `XDG_CONFIG_HOME` live for this run.
  let home: TemporaryDirectory

  /// The environment for the tutor (and, so the comparison is fair, for redis-cli too).
  var environment: [String] { environment(dataHome: home.file("data")) }

  /// The environment with `XDG_DATA_HOME` at `dataHome`, for a start with no saved state.
  func environment(dataHome: String) -> [String] {
    Environment.inherited(overriding: [
      "XDG_DATA_HOME": dataHome, "XDG_CONFIG_HOME": home.file("config"), "NO_COLOR": "1",
      "REDISCLI_HISTFILE": home.file("rediscli_history"),
      "TERM": Environment.value("TERM").flatMap { $0.isEmpty ? nil : $0 } ?? "xterm",
    ])
  }
}
