/// One attempt a lesson writes down for the linter to prove: a common wrong answer (a
/// ```` ```mistake ```` block), which the check must reject, or a different right answer (an
/// ```` ```alternative ```` block), which it must accept.
public struct Attempt: Sendable, Equatable {
  /// Which way the check must go.
  public enum Kind: String, Sendable {
    /// A plausible wrong answer: the check must fail after it.
    case mistake
    /// Another right answer: the check must pass after it.
    case alternative
  }

  /// Whether the check must reject or accept the attempt.
  public var kind: Kind
  /// What the attempt gets wrong (or right), from a first line `# why: …`.
  public var why: String?
  /// The commands the learner types, one per line, in order.
  public var commands: [SourceLine]
  /// The line of the block's opening fence.
  public var line: Int

  public init(kind: Kind, why: String? = nil, commands: [SourceLine], line: Int) {
    self.kind = kind
    self.why = why
    self.commands = commands
    self.line = line
  }

  /// The attempt in one line for messages: its `why`, or its commands joined by `; `.
  public var summary: String {
    why ?? commands.map { $0.text.trimmed() }.joined(separator: "; ")
  }
}
