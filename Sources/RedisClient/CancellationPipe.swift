#if canImport(Glibc)
  import Glibc
#endif

/// A self-pipe that wakes a connection waiting for a reply, so the wait can be cancelled.
///
/// `trigger()` only calls `write(2)`, so it may be called from a signal handler or from a
/// signal dispatch source while another thread is blocked in `Connection.readReply`.
public final class CancellationPipe: Sendable {
  /// The end a waiting reader polls.
  public let readEnd: Int32
  private let writeEnd: Int32

  public init() {
    var fds: [Int32] = [-1, -1]
    if pipe(&fds) != 0 { fatalError("pipe failed: \(errno)") }
    for fd in fds {
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
    readEnd = fds[0]
    writeEnd = fds[1]
  }

  deinit {
    close(readEnd)
    close(writeEnd)
  }

  /// Wakes any reader; the pipe stays triggered until `reset()`.
  public func trigger() {
    var byte: UInt8 = 1
    _ = write(writeEnd, &byte, 1)
  }

  /// Whether `trigger()` was called since the last `reset()`.
  public var isTriggered: Bool {
    var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) > 0
  }

  /// Drains pending triggers.
  public func reset() {
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(readEnd, &buffer, buffer.count) > 0 {}
  }
}
