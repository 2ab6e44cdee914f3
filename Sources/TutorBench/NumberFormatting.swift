/// Formats numbers for the results table without Foundation's locale machinery.
enum NumberFormatting {
  /// An integer with thousands separators: `20000` becomes `20,000`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return value < 0 ? "-" + result : result
  }

  /// A number with exactly `places` digits after the decimal point, rounded half away from 0.
  static func fixed(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return String(value) }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value.magnitude * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = scaled % Int(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard places > 0 else { return sign + String(whole) }
    let fractionDigits = String(fraction)
    let padding = String(repeating: "0", count: places - fractionDigits.count)
    return sign + String(whole) + "." + padding + fractionDigits
  }

  /// A duration in milliseconds, such as `41.2 ms` (two decimals below 10 ms).
  static func milliseconds(_ seconds: Double) -> String {
    let milliseconds = seconds * 1000
    return fixed(milliseconds, places: milliseconds < 10 ? 2 : 1) + " ms"
  }

  /// A rate in operations per second, such as `52,310/s`.
  static func rate(_ perSecond: Double) -> String {
    grouped(Int(perSecond.rounded())) + "/s"
  }

  /// A size given in kibibytes (as /proc reports it), shown in decimal megabytes.
  static func megabytes(kibibytes: Int) -> String {
    fixed(Double(kibibytes) * 1024 / 1_000_000, places: 1) + " MB"
  }

  /// A ratio such as `0.94`.
  static func ratio(_ value: Double) -> String { fixed(value, places: 2) }
}
