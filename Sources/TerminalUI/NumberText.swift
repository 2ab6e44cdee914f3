#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers as short text for tables and charts, the same on every run and platform.
public enum NumberText {
  /// Whole numbers as integers (`50`), others to 3 significant digits without trailing
  /// zeros (`0.125`, `12.3`, `3.5`).
  public static func of(_ value: Double) -> String {
    if value.isFinite && value == value.rounded() && abs(value) < 1e15 {
      return String(Int64(value))
    }
    var text = Substring(significant(value))
    guard text.contains(".") else { return String(text) }
    while text.last == "0" { text.removeLast() }
    if text.last == "." { text.removeLast() }
    return String(text)
  }

  /// `value` with 3 significant digits (at least the whole part), never in exponent
  /// notation: `0.125`, `1.23`, `12.3`, `123`, `1235`; `-` when not a number.
  public static func significant(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    let magnitude = abs(value)
    let decimals: Int
    if magnitude == 0 || magnitude >= 99.95 {
      decimals = 0
    } else {
      // The position of the first significant digit, counted from the decimal point.
      let exponent = Int(log10(magnitude).rounded(.down))
      decimals = max(0, 2 - exponent)
    }
    let text = FixedDecimals.of(value, decimals: decimals)
    // Rounding can carry into a new digit (9.996 becomes "10.00"): drop a decimal.
    let digits = text.drop { $0 == "-" || $0 == "0" || $0 == "." }.filter(\.isNumber)
    if decimals > 0 && digits.count > 3 {
      return FixedDecimals.of(value, decimals: decimals - 1)
    }
    return text
  }

  /// A count with its noun, singular for exactly one: `1 worker`, `4 workers`, `0 workers`.
  ///
  /// `plural` is for nouns that do not just add an s (`1 child`, `2 children`).
  public static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
  }

  /// `ratio` (0.875) as a percentage with one decimal (`87.5%`).
  public static func percent(_ ratio: Double) -> String {
    guard ratio.isFinite else { return "-" }
    return FixedDecimals.of(ratio * 100, decimals: 1) + "%"
  }
}
