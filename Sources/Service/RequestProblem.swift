import HTTPTypes
import Hummingbird

/// A request the service refuses, with the status and the one-line message to send.
struct RequestProblem: Error {
  var status: HTTPResponse.Status
  var message: String
  var headers: [(String, String)] = []

  init(_ status: HTTPResponse.Status, _ message: String, headers: [(String, String)] = []) {
    self.status = status
    self.message = message
    self.headers = headers
  }

  var response: Response { ServiceResponse.error(status, message, headers: headers) }
}
