import Foundation

/// Probabilistic early recomputation (Vattani, Chierichetti and Lowenstein, VLDB 2015).
///
/// A read recomputes a cached value before it expires when
/// `now − delta · beta · ln(u) ≥ expiry`, with `u` uniform in (0, 1]. Since `ln(u) ≤ 0` the
/// left side is `now` plus a random head start, proportional to how long a recompute takes
/// (`delta`): far from expiry almost nobody recomputes, near it almost everybody would, so in
/// practice one reader refreshes the value just before it expires and the others keep
/// hitting. `beta > 1` favours earlier recomputes, `beta < 1` later ones.
public enum XFetch {
  /// Whether a read at `now` should recompute, given a uniform draw in [0, 1).
  public static func shouldRecompute(
    now: Double, delta: Double, beta: Double, expiry: Double, uniform: Double
  ) -> Bool {
    // The paper draws from (0, 1]; 1 − u maps [0, 1) there and keeps ln finite.
    let headStart = -delta * beta * log(1 - uniform)
    return now + headStart >= expiry
  }

  /// Whether a read at `now` should recompute, drawing from `random`.
  public static func shouldRecompute(
    now: Double, delta: Double, beta: Double, expiry: Double, random: any RandomSource
  ) -> Bool {
    shouldRecompute(
      now: now, delta: delta, beta: beta, expiry: expiry, uniform: random.nextDouble())
  }
}

/// What XFetch stores under an item's key: the value, what it cost, and when it expires.
///
/// The three travel together in one JSON value so one GET gives a reader all it needs to
/// decide; the key's physical TTL is set to the same expiry.
public struct XFetchEnvelope: Codable, Sendable, Equatable {
  public var item: Item
  /// Seconds the last recompute (the store load) took.
  public var delta: Double
  /// Logical expiry, seconds since the epoch of the demo's clock.
  public var expiry: Double

  public init(item: Item, delta: Double, expiry: Double) {
    self.item = item
    self.delta = delta
    self.expiry = expiry
  }
}
