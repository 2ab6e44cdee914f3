import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the client's address.
///
/// The address is the TCP peer's. `X-Forwarded-For` is never read: any client can write it,
/// and the limiter would then count whatever IP a client claims.
public struct ServiceRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The peer's IP address ("unknown" for a non-IP socket).
  public let clientIP: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    clientIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
  }
}
