/// How long a failed job waits before its next attempt, and how many attempts it gets.
///
/// Exponential backoff with full jitter (AWS's "Exponential Backoff and Jitter"): after the
/// n-th failure the job waits a uniform random time in `0...min(cap, base·2^(n-1))`. Without
/// jitter every job that failed together retries together and fails together again; full
/// jitter spreads them over the whole window and does the least total work. After
/// `maxAttempts` attempts a job goes to the dead-letter set instead. A `floor` raises the
/// low end of the window, for a contract that promises a shortest wait.
public struct BackoffPolicy: Sendable, Equatable {
  /// The ceiling of the first retry's delay, in seconds.
  public var base: Double
  /// No delay is longer than this, in seconds.
  public var cap: Double
  /// Attempts a job gets in all, the first included; 1 means no retries.
  public var maxAttempts: Int
  /// No delay is shorter than this, in seconds (0: full jitter from 0).
  public var floor: Double

  public init(base: Double = 1, cap: Double = 60, maxAttempts: Int = 5, floor: Double = 0) {
    self.base = base
    self.cap = cap
    self.maxAttempts = maxAttempts
    self.floor = floor
  }

  /// Throws `JobQueueError.invalidConfiguration` with a one-line reason for impossible values.
  public func validate() throws {
    if !(base > 0) {
      throw JobQueueError.invalidConfiguration(
        "The backoff base must be more than 0 s (got \(base))")
    }
    if !(cap >= base) {
      throw JobQueueError.invalidConfiguration(
        "The backoff cap must be at least the base (got cap \(cap) s, base \(base) s)")
    }
    if maxAttempts < 1 {
      throw JobQueueError.invalidConfiguration(
        "A job needs at least 1 attempt (got \(maxAttempts))")
    }
    if !(0...base).contains(floor) {
      throw JobQueueError.invalidConfiguration(
        "The backoff floor must be 0 s…the base (got floor \(floor) s, base \(base) s)")
    }
  }

  /// The longest delay after `failures` failures (1 for the first): `min(cap, base·2^(failures-1))`.
  public func ceiling(afterFailures failures: Int) -> Double {
    let exponent = max(0, failures - 1)
    // 2^64 overflows nothing in Double, but the cap is reached long before; stop early.
    if exponent >= 62 { return cap }
    return min(cap, base * Double(UInt64(1) << UInt64(exponent)))
  }

  /// A random delay after `failures` failures: uniform in `floor...ceiling(afterFailures:)`.
  public func delay(afterFailures failures: Int, random: any RandomSource) -> Double {
    let ceiling = ceiling(afterFailures: failures)
    let low = min(floor, ceiling)
    return low + random.nextDouble() * (ceiling - low)
  }

  /// Whether a job that has made `attempts` attempts, all failed, is out of attempts.
  public func isExhausted(attempts: Int) -> Bool { attempts >= maxAttempts }

  /// One retry of a job that keeps failing, as the demo shows it.
  public struct Step: Sendable, Equatable {
    /// The attempt that failed (1 for the first).
    public var failedAttempt: Int
    /// The longest delay the policy allows here.
    public var ceiling: Double
    /// The delay drawn for this retry.
    public var delay: Double
  }

  /// The retries of a job that fails every attempt: one step per retry (`maxAttempts - 1`).
  ///
  /// The demo prints it to show the window doubling up to the cap and the jitter inside it.
  public func schedule(random: any RandomSource) -> [Step] {
    (1..<max(1, maxAttempts)).map { failures in
      Step(
        failedAttempt: failures, ceiling: ceiling(afterFailures: failures),
        delay: delay(afterFailures: failures, random: random))
    }
  }
}
