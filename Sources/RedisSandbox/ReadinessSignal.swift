#if canImport(Glibc)
  import Glibc
#endif

/// A datagram socket on which a starting `redis-server --supervised systemd` says it is ready.
///
/// A server given `NOTIFY_SOCKET` sends `READY=1` (the systemd notify protocol) once it has
/// loaded its data and accepts connections. Waiting for that message costs no CPU, where
/// asking the port again and again takes CPU from the server that is starting, on a small
/// machine most of all. The message only says when to look: the caller still checks that the
/// server answering is its own, since any local process can send to the socket.
final class ReadinessSignal {
  /// The socket, or -1 once closed.
  private var descriptor: Int32
  /// The socket's name in the abstract namespace, without the leading NUL.
  let name: String
  /// Whether `READY=1` has arrived.
  private(set) var isReady = false

  /// Opens a socket named after this process and `label`; nil when the system refuses one.
  init?(label: String) {
    descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return nil }
    name = "redis-tutor-ready-\(getpid())-\(label)"
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    // The abstract namespace: a leading NUL byte, then the name; no file is made.
    let bytes = [0] + Array(name.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count <= capacity else {
      close(descriptor)
      return nil
    }
    withUnsafeMutableBytes(of: &address.sun_path) { path in
      for (index, byte) in bytes.enumerated() { path[index] = byte }
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0 else {
      close(descriptor)
      return nil
    }
  }

  deinit { close(descriptor) }

  /// The environment entry that points a server at this socket (`@` is the abstract namespace).
  var environmentEntry: String { "NOTIFY_SOCKET=@" + name }

  /// Waits up to `milliseconds` for `READY=1`, reading every message that arrives meanwhile.
  ///
  /// - Returns: whether the server has said it is ready, now or before.
  @discardableResult
  func wait(milliseconds: Int32) -> Bool {
    var waitFor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    guard !isReady, poll(&waitFor, 1, milliseconds) > 0 else { return isReady }
    var buffer = [UInt8](repeating: 0, count: 512)
    while true {
      let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
      guard count > 0 else { break }
      let lines = buffer[0..<count].split(separator: UInt8(ascii: "\n"))
      if lines.contains(where: { Array($0) == Array("READY=1".utf8) }) { isReady = true }
    }
    return isReady
  }
}
