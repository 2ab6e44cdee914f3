/// Demos that teach with numbers: real, reusable library code first (`CacheAside/`, and
/// later `RateLimit/` and `JobQueue/`), then the runners that drive it and draw the results.
public enum Demos {
  /// The key prefix every demo key lives under, so a demo never touches other keys.
  public static let keyPrefix = "rt:demo:"
}
