import HTTPTypes
import Hummingbird

/// A request the service refuses, with the status and the one-line message to send.
struct RequestProblem: Error {
  var status: HTTPResponse.Status
  var message: String
  var headers: [(String, String)] = []
  /// The underlying error's text for the request's log line (what Redis said), if any.
  var cause: String?

  init(
    _ status: HTTPResponse.Status, _ message: String, headers: [(String, String)] = [],
    cause: String? = nil
  ) {
    self.status = status
    self.message = message
    self.headers = headers
    self.cause = cause
  }

  var response: Response { ServiceResponse.error(status, message, headers: headers) }
}
