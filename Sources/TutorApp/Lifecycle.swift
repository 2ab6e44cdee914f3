import Dispatch
import RedisClient
import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// Process-level signal handling: Ctrl-C cancels the running command; SIGTERM and SIGHUP
/// stop the sandbox, restore the terminal and exit.
final class Lifecycle: @unchecked Sendable {
  private let sandbox: Sandbox?
  private let cancellation: CancellationPipe
  private var sources: [DispatchSourceSignal] = []
  private var savedTerminal = termios()
  private let hasTerminal: Bool
  private let queue = DispatchQueue(label: "redis-tutor.signals")

  init(sandbox: Sandbox?, cancellation: CancellationPipe) {
    self.sandbox = sandbox
    self.cancellation = cancellation
    hasTerminal = tcgetattr(0, &savedTerminal) == 0
  }

  /// Ctrl-C while a command waits cancels the wait instead of killing the tutor.
  func trapInterrupt() {
    watch(SIGINT) { [cancellation] in cancellation.trigger() }
  }

  /// SIGTERM and SIGHUP end the tutor cleanly: the sandbox saves and stops.
  func trapTermination() {
    for signalNumber in [SIGTERM, SIGHUP] {
      watch(signalNumber) { [self] in
        if hasTerminal { tcsetattr(0, TCSANOW, &savedTerminal) }
        sandbox?.stop()
        _exit(128 + signalNumber)
      }
    }
  }

  /// Stops the sandbox on a normal exit.
  func shutDown() {
    sandbox?.stop()
  }

  private func watch(_ signalNumber: Int32, handler: @escaping @Sendable () -> Void) {
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
    source.setEventHandler(handler: handler)
    source.resume()
    sources.append(source)
  }
}
