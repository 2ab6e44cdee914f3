/// Short human-readable durations for tables and charts: `850 µs`, `12.3 ms`, `1.25 s`.
public enum DurationText {
  /// `seconds` in the largest unit that keeps it at least 1 (µs, ms, s), to 3 significant
  /// digits; `us` instead of `µs` when `unicode` is false, `-` when not a number.
  public static func of(seconds: Double, unicode: Bool = true) -> String {
    guard seconds.isFinite else { return "-" }
    let magnitude = abs(seconds)
    if magnitude == 0 { return "0 s" }
    if magnitude < 0.000_999_5 {
      return "\(NumberText.significant(seconds * 1_000_000)) \(unicode ? "µs" : "us")"
    }
    if magnitude < 0.999_5 { return "\(NumberText.significant(seconds * 1000)) ms" }
    return "\(NumberText.significant(seconds)) s"
  }
}
