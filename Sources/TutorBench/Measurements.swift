#if canImport(Glibc)
  import Glibc
#endif

/// Small statistics and unit helpers shared by every benchmark.
enum Measurements {
  /// The median of `samples` (the mean of the two middle ones for an even count).
  static func median(_ samples: [Double]) -> Double {
    precondition(!samples.isEmpty, "a median needs at least one sample")
    let sorted = samples.sorted()
    let middle = sorted.count / 2
    if sorted.count % 2 == 1 { return sorted[middle] }
    return (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// The median of the ratios of paired samples, `tutor[i] / reference[i]`.
  ///
  /// Each pair was measured back to back, so a burst of load from elsewhere on the machine
  /// slows both sides of one pair instead of skewing one side's median.
  static func medianRatio(_ tutor: [Double], _ reference: [Double]) -> Double {
    precondition(tutor.count == reference.count, "ratios need paired samples")
    return median(zip(tutor, reference).map { $0 / $1 })
  }

  /// A ratio rounded to the two decimals the table shows, so `met` agrees with the table.
  static func asShown(_ ratio: Double) -> Double { (ratio * 100).rounded() / 100 }

  /// Seconds elapsed while `body` runs, measured on the monotonic clock.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).seconds
  }

  /// Pauses the calling thread; only for letting a process settle, never to wait for state.
  static func pause(_ duration: Duration) {
    let total = duration.seconds
    var request = timespec(tv_sec: Int(total), tv_nsec: Int((total - Double(Int(total))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}

extension Duration {
  /// The duration in seconds, as a floating-point number.
  var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
