/// Where the tutor keeps its files, following the XDG base directory rules.
public struct TutorPaths: Sendable {
  /// `$XDG_DATA_HOME/redis-tutor` (default `~/.local/share/redis-tutor`): progress, history,
  /// recordings and the sandbox.
  public var dataDirectory: String
  /// `$XDG_CONFIG_HOME/redis-tutor` (default `~/.config/redis-tutor`): `config.toml`.
  public var configDirectory: String
  /// The history file, or nil when history is not kept on disk.
  public var historyFile: String?

  /// Paths from an environment (the process's, in production).
  public init(environment: [String: String]) {
    let home = environment["HOME"] ?? "/tmp"
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
    let configHome =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
    dataDirectory = dataHome + "/redis-tutor"
    configDirectory = configHome + "/redis-tutor"
    let override = environment["REDIS_TUTOR_HISTFILE"] ?? environment["REDISCLI_HISTFILE"]
    if let override, override == "/dev/null" || override.isEmpty {
      historyFile = nil
    } else if let override = environment["REDIS_TUTOR_HISTFILE"] {
      historyFile = override
    } else {
      historyFile = dataDirectory + "/history"
    }
  }

  /// The progress database: steps, reviews, drills, recordings and stage runs.
  public var progressDatabase: String { dataDirectory + "/progress.sqlite" }

  /// The sandbox server's directory.
  public var sandboxDirectory: String { dataDirectory + "/sandbox" }

  /// The Day 6 service's directory: its item store, outbox and log.
  public var serviceDirectory: String { dataDirectory + "/service" }

  /// The service's JSON-lines log, in the service directory it runs with.
  public static func serviceLog(in serviceDirectory: String) -> String {
    serviceDirectory + "/service.log"
  }
}
