#if canImport(Glibc)
  import Glibc
#endif

/// The time the lesson engine sees: injected, so tests can move it exactly.
public struct StudyClock: Sendable {
  /// Seconds since the Unix epoch.
  public var now: @Sendable () -> Double

  public init(now: @escaping @Sendable () -> Double) { self.now = now }

  /// The system's wall clock.
  public static let system = StudyClock {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  /// A clock that reads its time from a file holding seconds since the epoch, for end-to-end
  /// tests that drive the built binary (`REDIS_TUTOR_CLOCK_FILE`); the system clock when the
  /// file cannot be read.
  public static func file(_ path: String) -> StudyClock {
    StudyClock {
      guard let handle = fopen(path, "r") else { return StudyClock.system.now() }
      defer { fclose(handle) }
      var buffer = [CChar](repeating: 0, count: 64)
      guard fgets(&buffer, 64, handle) != nil else { return StudyClock.system.now() }
      let text = String(
        decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return Double(text.trimmed()) ?? StudyClock.system.now()
    }
  }

  /// The local calendar day of a time, as `YYYY-MM-DD`.
  public static func calendarDay(_ time: Double) -> String {
    var seconds = time_t(time)
    var parts = tm()
    localtime_r(&seconds, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
  }

  /// The first second of the local calendar day after the one `time` falls in.
  public static func startOfNextDay(_ time: Double) -> Double {
    startOfDay(time, adding: 1)
  }

  /// The first second of the local calendar day `days` after the one `time` falls in.
  public static func startOfDay(_ time: Double, adding days: Int = 0) -> Double {
    var seconds = time_t(time)
    var parts = tm()
    localtime_r(&seconds, &parts)
    parts.tm_mday += Int32(days)
    parts.tm_hour = 0
    parts.tm_min = 0
    parts.tm_sec = 0
    parts.tm_isdst = -1
    return Double(mktime(&parts))
  }
}
