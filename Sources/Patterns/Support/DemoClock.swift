import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The time source of the cache demos: what time it is, and how to wait.
///
/// The store's simulated latency, XFetch's logical expiry, lock polling and the write-back
/// flush all go through a clock, so tests can move time exactly (`ManualDemoClock`) while the
/// demo uses the real one (`DemoClock.system`).
public struct DemoClock: Sendable {
  /// Seconds since the Unix epoch.
  public var now: @Sendable () -> Double
  /// Waits for the given number of seconds (a manual clock just advances its time).
  public var sleep: @Sendable (Double) -> Void

  public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) -> Void) {
    self.now = now
    self.sleep = sleep
  }

  /// The wall clock, and a real sleep of the calling thread.
  public static let system = DemoClock(
    now: { Date().timeIntervalSince1970 },
    sleep: { seconds in
      guard seconds > 0 else { return }
      var request = timespec(
        tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1_000_000_000))
      var remaining = timespec()
      // nanosleep returns early on a signal; keep sleeping for what is left.
      while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    })
}

/// A clock that moves only when told to, or when someone sleeps on it.
///
/// `sleep` returns at once after advancing the time by the requested amount, so a 20 ms store
/// latency costs a test nothing yet still shows up in measured durations. Thread-safe; several
/// threads sleeping on one manual clock each advance the shared time.
public final class ManualDemoClock: Sendable {
  private let time: Locked<Double>

  /// A clock that starts at `start` seconds since the epoch.
  public init(start: Double = 1_700_000_000) { time = Locked(start) }

  /// The current time.
  public var now: Double { time.current }

  /// Moves time forward by `seconds`.
  public func advance(by seconds: Double) { time.withLock { $0 += max(0, seconds) } }

  /// Sets the time; it may move backward (for tests of clock skew).
  public func set(_ seconds: Double) { time.withLock { $0 = seconds } }

  /// This clock as a `DemoClock`.
  public var clock: DemoClock {
    DemoClock(now: { self.now }, sleep: { self.advance(by: $0) })
  }
}
