/// Whose clock a limiter's script reads: Redis's, or the client's.
///
/// Production limiters use `.redis`: every app server then agrees on the time, and a
/// client whose clock is off cannot widen or shrink anyone's window. `.client` exists for
/// tests, which move a `ManualDemoClock` exactly, and for the clock-skew demo, which shows
/// what goes wrong when each client brings its own time.
public enum LimiterTimeSource: Sendable {
  /// The script calls Redis `TIME`.
  case redis
  /// The client passes its clock's time in the script's arguments.
  case client(DemoClock)

  /// The script's first argument: microseconds since the epoch, or "" for Redis TIME.
  var scriptArgument: String {
    switch self {
    case .redis: return ""
    case .client(let clock): return String(Int64((clock.now() * 1_000_000).rounded()))
    }
  }
}
