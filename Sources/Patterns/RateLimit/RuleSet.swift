import Foundation
import JSON

/// The limits of a service as data: one rule per route, and a default for the rest.
///
/// ## The rules file
///
/// A JSON object. Settings at the top are inherited by every rule unless the rule sets
/// its own; `default` is required, `routes` is optional:
///
/// ```json
/// {
///   "algorithm": "sliding-window-counter",
///   "nearLimitThreshold": 0.8,
///   "shadow": false,
///   "failureMode": "open",
///   "default": { "limit": 1000, "window": 60 },
///   "routes": {
///     "/login": { "limit": 5, "window": 60, "failureMode": "closed" },
///     "/items": { "limit": 100, "window": 1, "algorithm": "token-bucket", "burst": 100 }
///   }
/// }
/// ```
///
/// A rule's fields:
/// - `limit` (required): requests allowed per window, a whole number from 1 to 1000000.
/// - `window` (required): the window (period) in seconds, from 0.001 to 3600.
/// - `burst`: token-bucket and gcra only: requests allowed at once, 1 to 1000000 (default:
///   `limit`).
/// - `algorithm`: `fixed-window`, `sliding-window-log`, `sliding-window-counter`,
///   `token-bucket` or `gcra` (default: `sliding-window-counter`).
/// - `per`: `"ip"` (each client IP has its own count; the default) or `"route"` (all
///   clients share one count).
/// - `shadow`: `true` counts and reports but never blocks (default `false`).
/// - `nearLimitThreshold`: the share of the limit, above 0 and at most 1, from which an
///   allowed request counts as near the limit (default 0.8).
/// - `failureMode`: `"open"` (allow) or `"closed"` (deny) when Redis is unreachable
///   (default `"open"`).
///
/// The top level takes `algorithm`, `shadow`, `nearLimitThreshold` and `failureMode`, plus
/// `default` and `routes`. A route matches a request's route exactly; anything else gets
/// the default rule, whose count is shared by all unlisted routes (per IP, unless `per`
/// says otherwise). Unknown fields are errors, so a typo cannot silently drop a limit.
public struct RuleSet: Sendable, Equatable {
  /// The rule for routes not listed.
  public var defaultRule: RouteRule
  /// The route rules, in file order.
  public var routes: [RouteRule]

  /// A rule set from values; the default rule's `route` is forced to nil.
  public init(defaultRule: RouteRule, routes: [RouteRule] = []) {
    var fallback = defaultRule
    fallback.route = nil
    self.defaultRule = fallback
    self.routes = routes
  }

  /// The rule for `route`: the rule listed for exactly that route, else the default.
  public func rule(for route: String) -> RouteRule {
    routes.first { $0.route == route } ?? defaultRule
  }

  /// Every rule, the default first.
  public var allRules: [RouteRule] { [defaultRule] + routes }

  /// An example file: `/login` 5 per minute per IP failing closed, `/items` 100 per second
  /// per IP, and 1000 per minute per IP for everything else.
  public static let exampleJSON = """
    {
      "algorithm": "sliding-window-counter",
      "nearLimitThreshold": 0.8,
      "shadow": false,
      "failureMode": "open",
      "default": { "limit": 1000, "window": 60 },
      "routes": {
        "/login": { "limit": 5, "window": 60, "failureMode": "closed" },
        "/items": { "limit": 100, "window": 1, "algorithm": "token-bucket", "burst": 100 }
      }
    }

    """

  /// Reads and checks a rules file (format above).
  ///
  /// Throws a `RuleSetError` that prints as `file:line: message`: for malformed JSON the
  /// line the parser stopped on, for a bad value the line of its key.
  public static func load(path: String) throws(RuleSetError) -> RuleSet {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason =
        FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
      throw RuleSetError(file: path, line: nil, message: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw RuleSetError(file: path, line: nil, message: "the file is not UTF-8 text")
    }
    return try parse(text, file: path)
  }

  /// Checks rules given as text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(RuleSetError) -> RuleSet {
    do {
      let root = try JSONParser.parse(text)
      return try RuleSetDecoder.decode(root)
    } catch let error as JSONSyntaxError {
      let message =
        error.reason == .empty ? "the file is empty; expected a JSON object" : error.message
      throw RuleSetError(file: file, line: error.line, message: message)
    } catch let problem as RuleSetDecoder.Problem {
      throw RuleSetError(file: file, line: problem.line, message: problem.message)
    } catch {
      throw RuleSetError(file: file, line: nil, message: "\(error)")
    }
  }
}
