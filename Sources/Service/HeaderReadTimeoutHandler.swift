import NIOCore
import NIOHTTPTypes

/// Closes a connection whose first request head has not arrived within `timeout` of
/// connecting: a client that connects and sends nothing, or trickles half a header, would
/// otherwise hold a connection (and its memory) for as long as it likes.
///
/// Hummingbird's idle timeout does not cover this on its own terms: it would give a silent new
/// connection as long as an idle keep-alive one. After the first head this handler is done;
/// the idle timeout closes a keep-alive connection that goes quiet between requests, or
/// stalls in the middle of its next head.
final class HeaderReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart

  private let timeout: TimeAmount
  private var deadline: Scheduled<Void>?
  private var headArrived = false

  /// A handler that allows `timeout` for the first request head.
  init(timeout: TimeAmount) {
    self.timeout = timeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { startClock(context) }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    stopClock()
  }

  func channelActive(context: ChannelHandlerContext) {
    startClock(context)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    stopClock()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .head = unwrapInboundIn(data) {
      headArrived = true
      stopClock()
    }
    context.fireChannelRead(data)
  }

  private func startClock(_ context: ChannelHandlerContext) {
    guard deadline == nil, !headArrived else { return }
    deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
      context.close(promise: nil)
    }
  }

  private func stopClock() {
    deadline?.cancel()
    deadline = nil
  }
}
