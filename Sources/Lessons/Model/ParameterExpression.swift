/// The arithmetic of a derived parameter (`retry_after = window - elapsed`): whole numbers,
/// earlier parameters' names, `+ - * / % ^` and parentheses.
///
/// `/` and `%` round towards minus infinity, as `floor(a / b)` does on paper, so a fixed
/// window's number is `ts / window`; `^` is a power (`10^13`) and binds tightest, right to
/// left. Overflow and division by zero are failures, never wrapped values.
public indirect enum ParameterExpression: Sendable, Equatable {
  case number(Int)
  case name(String)
  case negate(ParameterExpression)
  case binary(Operator, ParameterExpression, ParameterExpression)

  /// The binary operators.
  public enum Operator: Character, Sendable, Equatable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "^"
  }

  /// Why a value could not be worked out.
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// The names the expression uses.
  public var names: [String] {
    switch self {
    case .number: []
    case .name(let name): [name]
    case .negate(let inner): inner.names
    case .binary(_, let left, let right): left.names + right.names
    }
  }

  /// The value with `values` for the names.
  public func evaluate(_ values: [String: Int]) throws(Failure) -> Int {
    switch self {
    case .number(let number): return number
    case .name(let name):
      guard let value = values[name] else { throw Failure(message: "'\(name)' has no value") }
      return value
    case .negate(let inner):
      let (result, overflow) = Int(0).subtractingReportingOverflow(try inner.evaluate(values))
      if overflow { throw Failure(message: "the value overflows") }
      return result
    case .binary(let operation, let leftSide, let rightSide):
      let left = try leftSide.evaluate(values)
      let right = try rightSide.evaluate(values)
      return try Self.apply(operation, left, right)
    }
  }

  private static func apply(_ operation: Operator, _ left: Int, _ right: Int) throws(Failure)
    -> Int
  {
    let overflowed = Failure(message: "the value overflows")
    switch operation {
    case .add:
      let (sum, overflow) = left.addingReportingOverflow(right)
      if overflow { throw overflowed }
      return sum
    case .subtract:
      let (difference, overflow) = left.subtractingReportingOverflow(right)
      if overflow { throw overflowed }
      return difference
    case .multiply:
      let (product, overflow) = left.multipliedReportingOverflow(by: right)
      if overflow { throw overflowed }
      return product
    case .divide, .remainder:
      guard right != 0 else { throw Failure(message: "division by zero") }
      let (quotient, overflow) = left.dividedReportingOverflow(by: right)
      if overflow { throw overflowed }
      let floored =
        left % right != 0 && (left < 0) != (right < 0) ? quotient - 1 : quotient
      return operation == .divide ? floored : left - floored * right
    case .power:
      guard right >= 0 else { throw Failure(message: "a negative power is not a whole number") }
      var result = 1
      for _ in 0..<right {
        let (product, overflow) = result.multipliedReportingOverflow(by: left)
        if overflow { throw overflowed }
        result = product
      }
      return result
    }
  }
}
