/// What is expected to differ between a recording and its re-run on a fresh server.
///
/// Rules are keyed by upper-case command name, or name and subcommand (`CLIENT ID`). Every
/// command not listed must give exactly the recorded text.
public enum RerunRules {
  /// The declared rules.
  public static let table: [String: RerunRule] = [
    // Remaining times count down while the learner reads; a re-run asks sooner or later.
    "TTL": RerunRule(
      .countdown(unitsPerSecond: 1, tolerance: 1),
      "the time to live counts down, so it depends on when it was asked"),
    "PTTL": RerunRule(
      .countdown(unitsPerSecond: 1000, tolerance: 1000),
      "the time to live counts down, so it depends on when it was asked"),

    // Absolute times: the server's clock has moved on since the recording.
    "TIME": RerunRule(.timestamp, "the server's clock has moved on since the recording"),
    "LASTSAVE": RerunRule(.timestamp, "the time of the last save is a clock reading"),
    "EXPIRETIME": RerunRule(
      .timestamp, "the expiry is an absolute Unix time computed from the clock"),
    "PEXPIRETIME": RerunRule(
      .timestamp, "the expiry is an absolute Unix time computed from the clock"),
    "XADD": RerunRule(
      .timestamp, "an id given as * is made from the server's clock", when: .argument("*")),

    // Stream entries carry the clock-made ids of XADD … *.
    "XRANGE": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),
    "XREVRANGE": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),
    "XREAD": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),
    "XREADGROUP": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),
    "XCLAIM": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),
    "XAUTOCLAIM": RerunRule(.streamIDs, "entry ids made by XADD … * come from the clock"),

    // Server state a re-run does not reproduce.
    "OBJECT IDLETIME": RerunRule(
      .ignoreValue, "idle time depends on how long the key sat untouched"),
    "OBJECT FREQ": RerunRule(
      .ignoreValue, "the access-frequency counter is probabilistic and decays with time"),
    "CLIENT ID": RerunRule(.ignoreValue, "client ids count every connection the server saw"),
    "CLIENT LIST": RerunRule(
      .ignoreValue, "the client list shows ids, addresses, ages and idle times"),
    "CLIENT INFO": RerunRule(
      .ignoreValue, "the client info shows ids, addresses, ages and idle times"),
    "INFO": RerunRule(.ignoreValue, "server statistics change from second to second"),
    "MEMORY": RerunRule(.ignoreValue, "memory figures depend on the allocator and history"),
    "SLOWLOG": RerunRule(.ignoreValue, "the slow log holds timings of this server's commands"),
    "LATENCY": RerunRule(.ignoreValue, "latency samples are this server's timings"),
    "COMMAND COUNT": RerunRule(
      .ignoreValue, "the number of commands depends on the server version and modules"),
    "LOLWUT": RerunRule(.ignoreValue, "the art is drawn at random"),

    // Members picked at random.
    "SRANDMEMBER": RerunRule(.randomMembers, "members are picked at random"),
    "SPOP": RerunRule(.randomMembers, "members are picked at random"),
    "RANDOMKEY": RerunRule(.randomMembers, "the key is picked at random"),
    "HRANDFIELD": RerunRule(.randomMembers, "fields are picked at random"),
    "ZRANDMEMBER": RerunRule(.randomMembers, "members are picked at random"),

    // Hash-table order, which a new server's random hash seed changes.
    "SMEMBERS": RerunRule(.unordered(.elements), "set members come in no particular order"),
    "SUNION": RerunRule(.unordered(.elements), "set members come in no particular order"),
    "SINTER": RerunRule(.unordered(.elements), "set members come in no particular order"),
    "SDIFF": RerunRule(.unordered(.elements), "set members come in no particular order"),
    "HKEYS": RerunRule(.unordered(.elements), "hash fields come in no particular order"),
    "HVALS": RerunRule(.unordered(.elements), "hash values come in no particular order"),
    "HGETALL": RerunRule(.unordered(.pairs), "hash fields come in no particular order"),
    "KEYS": RerunRule(.unordered(.elements), "keys come in no particular order"),
    "SCAN": RerunRule(
      .unordered(.scan(pairs: false)),
      "a scan walks the hash table, whose order and cursor change with each server"),
    "SSCAN": RerunRule(
      .unordered(.scan(pairs: false)),
      "a scan walks the hash table, whose order and cursor change with each server"),
    "HSCAN": RerunRule(
      .unordered(.scan(pairs: true)),
      "a scan walks the hash table, whose order and cursor change with each server"),
    "ZSCAN": RerunRule(
      .unordered(.scan(pairs: true)),
      "a scan walks the hash table, whose order and cursor change with each server"),
  ]

  /// The rule for `argv`, looking up name and subcommand first, then the name alone; nil
  /// when the reply must match exactly.
  public static func rule(for argv: [String]) -> RerunRule? {
    guard let name = argv.first?.uppercased() else { return nil }
    let subcommand = argv.count > 1 ? table["\(name) \(argv[1].uppercased())"] : nil
    guard let rule = subcommand ?? table[name], rule.condition.holds(for: argv) else {
      return nil
    }
    return rule
  }
}
