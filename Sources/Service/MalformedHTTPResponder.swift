import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Gives a request that is not valid HTTP/1.1 the service's one-line JSON error instead of
/// Hummingbird's empty 400.
///
/// Hummingbird answers a parse error by itself, outside any responder: it writes a bodiless
/// 400 and closes the connection. That answer is the only response it writes that no request
/// head asked for, which is how this handler, between the HTTP codec and Hummingbird, spots
/// it and swaps in a JSON body with a status that fits the error. A parse error inside a
/// body reaches the responder instead, which is reading that body and answers it itself.
/// Either way the request gets its line in the log, with what was wrong.
final class MalformedHTTPResponder: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  private let core: ServiceCore

  /// A handler that logs what it answers through `core`.
  init(core: ServiceCore) {
    self.core = core
  }

  private var requestHeadsRead = 0
  private var responseHeadsWritten = 0
  private var parseError: HTTPParserError?
  /// The JSON body to send before the `.end` of the response being swapped.
  private var pendingBody: ByteBuffer?

  /// The 400 (or 431) and message for a request NIO could not parse.
  static func problem(_ error: HTTPParserError) -> RequestProblem {
    switch error {
    case .headerOverflow:
      return RequestProblem(
        .requestHeaderFieldsTooLarge,
        "The request's headers are larger than 80 KB; send fewer or shorter headers")
    case .invalidMethod, .invalidURL, .invalidVersion, .invalidPath, .invalidQueryString:
      return malformed("its request line is not like 'GET /items/1 HTTP/1.1'")
    case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .invalidConstant:
      return malformed("a header line is not like 'Name: value'")
    case .invalidContentLength, .unexpectedContentLength:
      return malformed(
        "its Content-Length is not a number or contradicts Transfer-Encoding")
    case .invalidChunkSize:
      return malformed("its chunked body has a chunk size that is not hexadecimal")
    default:
      return malformed("the parser said: \(error)")
    }
  }

  private static func malformed(_ reason: String) -> RequestProblem {
    RequestProblem(.badRequest, "The request is not valid HTTP/1.1: \(reason); fix and resend it")
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .head = unwrapInboundIn(data) { requestHeadsRead += 1 }
    context.fireChannelRead(data)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let error = error as? HTTPParserError { parseError = error }
    context.fireErrorCaught(error)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    switch unwrapOutboundIn(data) {
    case .head(let head) where head.status.kind != .informational:
      responseHeadsWritten += 1
      if responseHeadsWritten > requestHeadsRead, let parseError {
        let problem = Self.problem(parseError)
        var notes = RequestNotes()
        notes.route = "invalid"
        notes.error = problem.message
        ServiceResponder.record(
          core: core, started: core.clock.now(), method: nil, path: nil, status: problem.status,
          ip: context.channel.remoteAddress?.ipAddress ?? "unknown", notes: notes)
        let body = ByteBuffer(string: ServiceResponse.errorLine(problem.message) + "\n")
        var fields = head.headerFields
        fields[.contentType] = ServiceResponse.jsonContentType
        fields[.contentLength] = String(body.readableBytes)
        pendingBody = body
        let swapped = HTTPResponse(status: problem.status, headerFields: fields)
        context.write(wrapOutboundOut(.head(swapped)), promise: promise)
        return
      }
    case .end:
      if let body = pendingBody {
        pendingBody = nil
        context.write(wrapOutboundOut(.body(body)), promise: nil)
      }
    default:
      break
    }
    context.write(data, promise: promise)
  }
}
