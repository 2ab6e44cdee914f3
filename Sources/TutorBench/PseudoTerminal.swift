#if canImport(Glibc)
  import Glibc
#endif

/// The master side of a new pseudo-terminal with a fixed window size.
///
/// Without a window size redis-cli's line editor asks the terminal for the cursor position
/// and waits for a reply no one sends, so the size is set before the child starts.
final class PseudoTerminal {
  /// The master's file descriptor (close-on-exec), read by the harness.
  let master: Int32
  /// The slave device's path, which the child opens as its controlling terminal.
  let slavePath: String
  /// A slave descriptor the harness keeps open so the terminal is not hung up between the
  /// child's exit and our last read.
  private let slaveHold: Int32

  /// Opens a pseudo-terminal of `columns` × `rows`.
  init(columns: UInt16, rows: UInt16) throws(HarnessError) {
    let calls = try PtyCalls.load()
    let master = calls.openMaster(O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { throw HarnessError("posix_openpt: \(Environment.lastError)") }
    var name = [CChar](repeating: 0, count: 128)
    guard calls.grant(master) == 0, calls.unlock(master) == 0,
      calls.slaveName(master, &name, name.count) == 0
    else {
      let reason = Environment.lastError
      close(master)
      throw HarnessError("cannot set up a pseudo-terminal: \(reason)")
    }
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
      let reason = Environment.lastError
      close(master)
      throw HarnessError("cannot set the pseudo-terminal's size: \(reason)")
    }
    self.master = master
    slavePath = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    slaveHold = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
  }

  deinit {
    close(master)
    if slaveHold >= 0 { close(slaveHold) }
  }

  /// Waits up to `timeout` for output and appends what arrived to `buffer`.
  ///
  /// Returns false when nothing more can arrive (the terminal was hung up).
  func read(into buffer: inout [UInt8], timeout: Duration) -> Bool {
    var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    let milliseconds = Int32(max(0, (timeout.seconds * 1000).rounded(.up)))
    let ready = poll(&descriptor, 1, milliseconds)
    if ready < 0 { return errno == EINTR }
    if ready == 0 { return true }
    var chunk = [UInt8](repeating: 0, count: 4096)
    let count = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
    if count > 0 {
      buffer.append(contentsOf: chunk[0..<count])
      return true
    }
    return count < 0 && (errno == EINTR || errno == EAGAIN)
  }

  /// Types `bytes` at the terminal, as a user's keystrokes.
  func write(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(master, $0.baseAddress, $0.count)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}

/// glibc's pty functions, looked up at run time: Swift's Glibc module only declares them
/// under _XOPEN_SOURCE, which it does not set.
private struct PtyCalls {
  typealias DescriptorCall = @convention(c) (Int32) -> Int32
  typealias NameCall = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

  let openMaster: DescriptorCall
  let grant: DescriptorCall
  let unlock: DescriptorCall
  let slaveName: NameCall

  /// Looks the functions up in the already-loaded C library.
  static func load() throws(HarnessError) -> PtyCalls { try PtyCalls() }

  private init() throws(HarnessError) {
    guard let library = dlopen(nil, RTLD_NOW) else {
      throw HarnessError("dlopen of the harness itself failed")
    }
    func symbol(_ name: String) throws(HarnessError) -> UnsafeMutableRawPointer {
      guard let address = dlsym(library, name) else {
        throw HarnessError("glibc has no \(name)")
      }
      return address
    }
    openMaster = unsafeBitCast(try symbol("posix_openpt"), to: DescriptorCall.self)
    grant = unsafeBitCast(try symbol("grantpt"), to: DescriptorCall.self)
    unlock = unsafeBitCast(try symbol("unlockpt"), to: DescriptorCall.self)
    slaveName = unsafeBitCast(try symbol("ptsname_r"), to: NameCall.self)
  }
}
