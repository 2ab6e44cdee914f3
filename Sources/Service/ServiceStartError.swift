/// The service could not start; the message says what to do.
public struct ServiceStartError: Error, Sendable, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
