import Foundation
import Histogram
import JSON
import Patterns

/// Records how long operations took and answers percentiles, from any thread.
///
/// A thread-safe wrapper over an HdrHistogram: durations go in as seconds and are stored
/// as whole microseconds, rounded up, from 1 µs to 60 s with 3 significant digits, so a
/// percentile is within 0.1% (or 1 µs) above the true value. Durations up to 1 µs count as
/// the floor, 1 µs, and over 60 s as 60 s.
/// Each worker may record into one shared recorder, or into its own and `merge` at the end.
public final class LatencyRecorder: @unchecked Sendable {
  /// The longest duration tracked, in microseconds; longer ones are clamped to it.
  public static let highestTrackableMicroseconds: UInt64 = 60_000_000

  /// The floor, in seconds: every duration up to it is recorded as it, so a percentile at
  /// the floor says "under a microsecond", not that one microsecond was measured.
  public static let floorSeconds = 1e-6

  private let lock = NSLock()
  private var histogram = LatencyRecorder.emptyHistogram()

  public init() {}

  private static func emptyHistogram() -> Histogram<UInt64> {
    Histogram(
      lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableMicroseconds,
      numberOfSignificantValueDigits: .three)
  }

  /// Records one duration given in seconds.
  public func record(seconds: Double) {
    let microseconds = Self.microseconds(seconds)
    lock.withLock { _ = histogram.record(microseconds) }
  }

  /// Adds everything `other` recorded to this recorder; `other` is left unchanged.
  public func merge(_ other: LatencyRecorder) {
    let recorded = other.snapshot()
    lock.withLock { histogram.add(recorded) }
  }

  /// Forgets everything recorded so far.
  public func reset() {
    lock.withLock { histogram.reset() }
  }

  /// How many durations were recorded.
  public var count: Int {
    lock.withLock { Int(histogram.totalCount) }
  }

  /// The duration in seconds that `percent` percent of the recorded ones are at or under
  /// (`percentile(99)` is the p99); 0 when nothing was recorded.
  public func percentile(_ percent: Double) -> Double {
    let microseconds = lock.withLock {
      histogram.totalCount == 0 ? 0 : histogram.valueAtPercentile(percent)
    }
    return Double(microseconds) / 1_000_000
  }

  /// The median, in seconds.
  public var p50: Double { percentile(50) }
  /// The 95th percentile, in seconds.
  public var p95: Double { percentile(95) }
  /// The 99th percentile, in seconds.
  public var p99: Double { percentile(99) }

  /// The longest duration recorded, in seconds (to the histogram's precision).
  public var max: Double {
    lock.withLock { Double(histogram.maxRecorded) / 1_000_000 }
  }

  /// The mean duration, in seconds; 0 when nothing was recorded.
  public var mean: Double {
    lock.withLock { histogram.mean / 1_000_000 }
  }

  /// Count, percentiles, max and mean taken together, so they agree with each other.
  public var summary: LatencySummary {
    let recorded = snapshot()
    guard recorded.totalCount > 0 else {
      return LatencySummary(count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0)
    }
    func seconds(_ microseconds: UInt64) -> Double { Double(microseconds) / 1_000_000 }
    return LatencySummary(
      count: Int(recorded.totalCount),
      p50: seconds(recorded.valueAtPercentile(50)),
      p95: seconds(recorded.valueAtPercentile(95)),
      p99: seconds(recorded.valueAtPercentile(99)),
      max: seconds(recorded.maxRecorded),
      mean: recorded.mean / 1_000_000)
  }

  private func snapshot() -> Histogram<UInt64> {
    lock.withLock { histogram }
  }

  private static func microseconds(_ seconds: Double) -> UInt64 {
    guard seconds.isFinite else { return seconds > 0 ? highestTrackableMicroseconds : 1 }
    // Up, so that everything recorded at the floor really took no more than the floor.
    let microseconds = (seconds * 1_000_000).rounded(.up)
    if microseconds < 1 { return 1 }
    if microseconds >= Double(highestTrackableMicroseconds) { return highestTrackableMicroseconds }
    return UInt64(microseconds)
  }
}

/// A latency distribution in a few numbers, all durations in seconds; encodes to JSON.
public struct LatencySummary: Codable, Sendable, Equatable {
  public var count: Int
  public var p50: Double
  public var p95: Double
  public var p99: Double
  public var max: Double
  public var mean: Double

  public init(count: Int, p50: Double, p95: Double, p99: Double, max: Double, mean: Double) {
    self.count = count
    self.p50 = p50
    self.p95 = p95
    self.p99 = p99
    self.max = max
    self.mean = mean
  }

  /// The summary as a JSON object for a `ScenarioReport` metric.
  public var jsonValue: JSONValue {
    .object([
      "count": .integer(count), "p50": .number(p50), "p95": .number(p95),
      "p99": .number(p99), "max": .number(max), "mean": .number(mean),
    ])
  }
}
