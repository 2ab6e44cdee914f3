/// The id of a job in a Redis queue: the decimal number the queue's sequence gave it.
///
/// Ids are short numbers (`42`) so a learner can type them: `:queue requeue 42`.
public struct JobID: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The id as stored in the queue's lists and sets.
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { rawValue = value }

  public var description: String { rawValue }

  /// Numeric order where both ids are numbers (9 before 10), text order otherwise.
  public static func < (lhs: JobID, rhs: JobID) -> Bool {
    if let left = Int(lhs.rawValue), let right = Int(rhs.rawValue) { return left < right }
    return lhs.rawValue < rhs.rawValue
  }
}
