import Foundation
import JSON

/// Sends email jobs to a provider over HTTP: `POST URL/send` with `{"to","subject","body"}`
/// and the job's idempotency key in the `Idempotency-Key` header, so the provider can drop a
/// second copy of an email the queue delivered twice.
///
/// A 2xx is delivered; a 5xx, or no answer, is a temporary failure (retried); any other
/// status is permanent (`PermanentJobFailure`: a refused email does not get better).
public struct HTTPEmailSender: EmailTransport {
  public let client: PlainHTTPClient

  /// A sender to `url` (`http://host:port`); throws `PlainHTTPClient.Failure` for a bad URL.
  public init(url: String, timeout: Double = 30) throws(PlainHTTPClient.Failure) {
    client = try PlainHTTPClient(url: url, timeout: timeout)
  }

  @discardableResult
  public func send(_ email: EmailJob) throws -> URL {
    let body =
      "{\"to\":\(JSONWriter.quoted(email.to)),\"subject\":\(JSONWriter.quoted(email.subject)),"
      + "\"body\":\(JSONWriter.quoted(email.body))}"
    let response: PlainHTTPClient.Response
    do {
      response = try client.send(
        "POST", "/send",
        headers: [("Content-Type", "application/json"), ("Idempotency-Key", email.idempotencyKey)],
        body: Array(body.utf8))
    } catch {
      throw EmailSender.TemporaryFailure(description: "the email provider: \(error)")
    }
    let excerpt = String(decoding: response.body.prefix(120), as: UTF8.self)
    switch response.status {
    case 200...299:
      return URL(string: client.url + "/send") ?? URL(fileURLWithPath: "/")
    case 500...599:
      throw EmailSender.TemporaryFailure(
        description: "the email provider answered \(response.status) \(excerpt)")
    default:
      throw PermanentJobFailure(
        "the email provider refused \(email.to) with \(response.status) \(excerpt)")
    }
  }
}
