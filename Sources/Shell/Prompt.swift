import RedisClient

/// The prompt, built like redis-cli's, with a marker when on the sandbox.
///
/// `host:port`, `[db]` when not 0, `(TX)` inside MULTI, `(subscribed mode)`, then `> `;
/// `not connected> ` without a connection. On the sandbox it starts with `sandbox `.
public struct Prompt: Sendable, Equatable {
  public var endpoint: Endpoint?
  public var database = 0
  public var inTransaction = false
  public var subscribed = false
  public var onSandbox = false
  public var color = false

  public init(
    endpoint: Endpoint?, database: Int = 0, inTransaction: Bool = false, subscribed: Bool = false,
    onSandbox: Bool = false, color: Bool = false
  ) {
    self.endpoint = endpoint
    self.database = database
    self.inTransaction = inTransaction
    self.subscribed = subscribed
    self.onSandbox = onSandbox
    self.color = color
  }

  /// The prompt text, with ANSI colour around the sandbox marker when `color` is on.
  public var text: String {
    guard let endpoint else { return "not connected> " }
    var prompt = ""
    if onSandbox { prompt += sandboxMarker + " " }
    switch endpoint {
    case .tcp(let host, let port):
      prompt += host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path): prompt += "redis \(path)"
    }
    return prompt + state + "> "
  }

  /// The prompt in fewer columns, for a terminal too narrow for `text` and a lesson segment.
  ///
  /// On the sandbox the address goes (its port changes every start and the learner never
  /// types it): `sandbox> `, `sandbox[2](TX)> `. A named server keeps redis-cli's prompt,
  /// since there the address says which server a command will change.
  public var compactText: String {
    guard endpoint != nil, onSandbox else { return text }
    return sandboxMarker + state + "> "
  }

  private var sandboxMarker: String { color ? "\u{1B}[36msandbox\u{1B}[0m" : "sandbox" }

  /// `[db]`, `(TX)` and `(subscribed mode)`, as redis-cli appends them after the address.
  private var state: String {
    var state = ""
    if database != 0 { state += "[\(database)]" }
    if inTransaction { state += "(TX)" }
    if subscribed { state += "(subscribed mode)" }
    return state
  }

  /// The continuation prompt for a line that ended inside an open quote.
  public static let continuation = "...> "
}
