/// Walks typed words through a command's argument list, keeping what is still to come.
///
/// A simple positional matcher: a word fills the next required argument, unless it is the
/// token of one of the optional arguments before it; once only optional arguments remain,
/// a word fills the optional one whose token it is, or else the first optional argument
/// that takes a free value. Multiple arguments stay available after being filled.
struct ArgumentMatcher {
  /// What a typed word turned out to be.
  enum Role: Equatable {
    /// A literal token such as `EX`.
    case token
    /// A value of the given docs type (`key`, `string`, `integer` ...).
    case value(type: String)
  }

  /// The arguments not filled yet, in order.
  private(set) var remaining: [CommandArgument]

  init(arguments: [CommandArgument]) { remaining = arguments }

  /// Takes one typed word; returns what it filled, or nil when it fits nothing.
  @discardableResult
  mutating func consume(_ word: [UInt8]) -> Role? {
    let (role, rest) = Self.place(CCharacter.upperCased(word), in: remaining)
    remaining = rest
    return role
  }

  private static func place(_ word: String, in arguments: [CommandArgument]) -> (
    Role?, [CommandArgument]
  ) {
    let optionalRunEnd = arguments.firstIndex { !$0.isOptional } ?? arguments.count
    if let index = (0..<optionalRunEnd).first(where: {
      arguments[$0].startsWithToken(matching: word)
    }) {
      let (role, rest) = fill(arguments[index], with: word)
      var others = arguments
      others.remove(at: index)
      return (role, rest + others)
    }
    if optionalRunEnd < arguments.count {
      let (role, rest) = fill(arguments[optionalRunEnd], with: word)
      return (role, rest + arguments[(optionalRunEnd + 1)...])
    }
    if let index = arguments.firstIndex(where: { !$0.startsWithAnyToken }) {
      let (role, rest) = fill(arguments[index], with: word)
      return (role, rest + arguments[(index + 1)...])
    }
    return (nil, arguments)
  }

  private static func fill(_ argument: CommandArgument, with word: String) -> (
    Role?, [CommandArgument]
  ) {
    var role: Role?
    var rest: [CommandArgument] = []
    if argument.token != nil {
      role = .token
      if argument.type != CommandArgument.pureTokenType {
        var value = argument
        value.token = nil
        value.isOptional = false
        value.isMultiple = false
        rest = [value]
      }
    } else {
      switch argument.type {
      case CommandArgument.oneOfType:
        let children = argument.children
        let chosen =
          children.first { $0.startsWithToken(matching: word) }
          ?? children.first { !$0.startsWithAnyToken } ?? children.first
        if let chosen { (role, rest) = fill(chosen, with: word) }
      case CommandArgument.blockType:
        (role, rest) = place(word, in: argument.children)
      default:
        role = .value(type: argument.type)
      }
    }
    if argument.isMultiple {
      var again = argument
      again.isOptional = true
      if !argument.repeatsToken && argument.type != CommandArgument.pureTokenType {
        again.token = nil
      }
      rest.append(again)
    }
    return (role, rest)
  }
}
