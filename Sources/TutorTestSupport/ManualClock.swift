import Foundation

/// A clock the test moves by hand: time stands still until the test sets or advances it.
///
/// Hand `now` to whatever takes a time closure (a writer's `now:`, `StudyClock(now:)`); the
/// lock lets the code under test read it from another thread.
public final class ManualClock: @unchecked Sendable {
  private let lock = NSLock()
  private var seconds: Double

  /// A clock reading `seconds` since the Unix epoch (2027-01-15 by default).
  public init(_ seconds: Double = 1_800_000_000) { self.seconds = seconds }

  /// The current reading, in seconds; setting it jumps the clock, backwards too.
  public var time: Double {
    get { lock.withLock { seconds } }
    set { lock.withLock { seconds = newValue } }
  }

  /// Moves the clock on by `delta` seconds.
  public func advance(_ delta: Double) { lock.withLock { seconds += delta } }

  /// The clock as a time closure for the code under test.
  public var now: @Sendable () -> Double { { [self] in time } }
}
