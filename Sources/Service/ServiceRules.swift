import Patterns

/// The limiter rules the service enforces when no `--rules` file is given.
public enum ServiceRules {
  /// Route names the rules file may list (the limiter matches them exactly).
  ///
  /// `GET` and `PUT /items/:id` share `/items/:id`; `/notifications` is the POST (enqueue);
  /// `/notifications/:id` (status polls) and anything unlisted fall to the default rule.
  public static let routeNames = ["/items/:id", "/notifications", "/notifications/:id"]

  /// The rules used without `--rules`.
  ///
  /// Per client IP: `/items/:id` a token bucket of 10 per second with bursts of 20;
  /// `POST /notifications` 5 per minute (sliding window); every other route 600 per minute,
  /// shared. All fail open: an outage of Redis does not take the API down.
  public static let defaultJSON = """
    {
      "algorithm": "sliding-window-counter",
      "failureMode": "open",
      "default": { "limit": 600, "window": 60 },
      "routes": {
        "/items/:id": { "limit": 10, "window": 1, "algorithm": "token-bucket", "burst": 20 },
        "/notifications": { "limit": 5, "window": 60 }
      }
    }

    """

  /// The default rule set, parsed from `defaultJSON`.
  public static var defaultRules: RuleSet {
    // The text is a constant checked by the tests; it cannot fail to parse.
    try! RuleSet.parse(defaultJSON, file: "default rules")
  }

  /// The rules in `path`, or the defaults when nil; the error prints as `file:line: message`.
  public static func load(path: String?) throws(RuleSetError) -> RuleSet {
    guard let path else { return defaultRules }
    return try RuleSet.load(path: path)
  }
}
