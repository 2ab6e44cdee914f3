/// The commands a re-run does not send, keyed by upper-case name or name and subcommand,
/// each with the reason shown to the learner.
public enum RerunSkips {
  /// Commands never re-sent, whatever their arguments.
  public static let table: [String: String] = [
    "SHUTDOWN": "it would stop the server",
    "DEBUG": "debugging commands can crash or stall the server",
    "MONITOR": "it streams every command instead of replying once",
    "SUBSCRIBE": "it streams messages instead of replying once",
    "PSUBSCRIBE": "it streams messages instead of replying once",
    "SSUBSCRIBE": "it streams messages instead of replying once",
    "QUIT": "it closes the connection",
    "CLIENT REPLY": "it stops the server replying to later commands",
    "CLIENT KILL": "it closes connections",
    "CLIENT PAUSE": "it pauses the server",
    "REPLICAOF": "it would make the server a replica",
    "SLAVEOF": "it would make the server a replica",
    "SYNC": "it streams the replication link",
    "PSYNC": "it streams the replication link",
    "FAILOVER": "it needs replicas",
  ]

  /// Why `command` is not re-run, or nil when it is.
  public static func reason(for command: LoggedCommand) -> String? {
    if command.isRedacted { return "a secret in it was never stored" }
    if command.reply == LoggedCommand.hiddenReply {
      return "its reply could show a secret, so the recording hid it"
    }
    let name = command.name
    if command.argv.count > 1, let reason = table["\(name) \(command.argv[1].uppercased())"] {
      return reason
    }
    if let reason = table[name] { return reason }
    if BlockingCommand(command.argv) != nil && command.reply == "(nil)\n" {
      return "blocking command that timed out"
    }
    return nil
  }
}
