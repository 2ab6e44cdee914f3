import JSON

/// Turns a parsed rules file into a `RuleSet`, pointing at the key of any bad value.
enum RuleSetDecoder {
  struct Problem: Error {
    var line: Int
    var message: String
  }

  /// The settings a rule inherits from the top level.
  private struct Inherited {
    var algorithm = RateLimitAlgorithm.slidingWindowCounter
    var shadow = false
    var nearLimitThreshold = 0.8
    var failureMode = FailureMode.open
  }

  private static let topLevelFields = [
    "algorithm", "shadow", "nearLimitThreshold", "failureMode", "default", "routes",
  ]
  private static let ruleFields = [
    "limit", "window", "burst", "algorithm", "per", "shadow", "nearLimitThreshold",
    "failureMode",
  ]

  static func decode(_ root: JSONValue) throws -> RuleSet {
    let fields = try object(root, what: "the rules file")
    try checkFieldNames(fields, allowed: topLevelFields)
    var inherited = Inherited()
    var defaultField: JSONField?
    var routesField: JSONField?
    for field in fields {
      switch field.name {
      case "default": defaultField = field
      case "routes": routesField = field
      default: try apply(field, to: &inherited)
      }
    }
    guard let defaultField else {
      throw Problem(
        line: root.line,
        message: "missing \"default\": the rule for routes not listed under \"routes\"")
    }
    let fallback = try rule(route: nil, field: defaultField, inherited: inherited)
    var routes: [RouteRule] = []
    if let routesField {
      guard let routeFields = routesField.value.fields else {
        throw Problem(
          line: routesField.line,
          message: "\"routes\" must be an object mapping each route to its rule, found "
            + kindName(routesField.value))
      }
      try checkDuplicates(routeFields, what: "route")
      for field in routeFields {
        guard field.name.hasPrefix("/") else {
          throw Problem(
            line: field.line, message: "route \"\(field.name)\" must start with '/'")
        }
        routes.append(try rule(route: field.name, field: field, inherited: inherited))
      }
    }
    return RuleSet(defaultRule: fallback, routes: routes)
  }

  private static func rule(
    route: String?, field: JSONField, inherited: Inherited
  ) throws -> RouteRule {
    let ruleName = route.map { "the \"\($0)\" rule" } ?? "the default rule"
    let fields = try object(field.value, what: ruleName, line: field.line)
    try checkFieldNames(fields, allowed: ruleFields)
    var settings = inherited
    var limit: Int?
    var window: Double?
    var burst: (value: Int, line: Int)?
    var scope = RouteRule.Scope.ip
    for field in fields {
      switch field.name {
      case "limit":
        limit = try count(field, maximum: RateLimitRule.maximumLimit)
      case "window":
        let value = try number(field)
        let got = RateLimitRule.text(value)
        guard value > 0 else {
          throw Problem(
            line: field.line,
            message:
              "\"window\" must be a positive number of seconds (got \(got))")
        }
        guard value >= RateLimitRule.minimumWindow, value <= RateLimitRule.maximumWindow else {
          let lowest = RateLimitRule.text(RateLimitRule.minimumWindow)
          let highest = RateLimitRule.text(RateLimitRule.maximumWindow)
          throw Problem(
            line: field.line,
            message: "\"window\" must be between \(lowest) and \(highest) seconds (got \(got))")
        }
        window = value
      case "burst":
        burst = (try count(field, maximum: RateLimitRule.maximumBurst), field.line)
      case "per":
        let value = try string(field)
        guard let parsed = RouteRule.Scope(rawValue: value) else {
          throw Problem(
            line: field.line, message: "\"per\" must be \"ip\" or \"route\" (got \"\(value)\")")
        }
        scope = parsed
      default:
        try apply(field, to: &settings)
      }
    }
    guard let limit else {
      throw Problem(
        line: field.line, message: "\(ruleName) needs a \"limit\" (requests per window)")
    }
    guard let window else {
      throw Problem(line: field.line, message: "\(ruleName) needs a \"window\" (seconds)")
    }
    if let burst, !settings.algorithm.usesBurst {
      throw Problem(
        line: burst.line,
        message:
          "\"burst\" applies only to token-bucket and gcra, not \(settings.algorithm.rawValue)")
    }
    return RouteRule(
      route: route, rule: RateLimitRule(limit: limit, period: window, burst: burst?.value),
      algorithm: settings.algorithm, scope: scope, shadow: settings.shadow,
      nearLimitThreshold: settings.nearLimitThreshold, failureMode: settings.failureMode)
  }

  /// Applies a setting a rule can inherit.
  private static func apply(_ field: JSONField, to settings: inout Inherited) throws {
    switch field.name {
    case "algorithm":
      let value = try string(field)
      guard let algorithm = RateLimitAlgorithm(rawValue: value) else {
        throw Problem(
          line: field.line,
          message:
            "unknown algorithm \"\(value)\" (expected \(RateLimitAlgorithm.nameList))")
      }
      settings.algorithm = algorithm
    case "shadow":
      guard let value = field.value.bool else {
        throw Problem(
          line: field.line,
          message: "\"shadow\" must be true or false, found \(kindName(field.value))")
      }
      settings.shadow = value
    case "nearLimitThreshold":
      let value = try number(field)
      guard value > 0, value <= 1 else {
        throw Problem(
          line: field.line,
          message:
            "\"nearLimitThreshold\" must be above 0 and at most 1 "
            + "(got \(RateLimitRule.text(value)))"
        )
      }
      settings.nearLimitThreshold = value
    case "failureMode":
      let value = try string(field)
      guard let mode = FailureMode(rawValue: value) else {
        throw Problem(
          line: field.line,
          message: "\"failureMode\" must be \"open\" or \"closed\" (got \"\(value)\")")
      }
      settings.failureMode = mode
    default:
      break
    }
  }

  private static func object(
    _ value: JSONValue, what: String, line: Int? = nil
  ) throws -> [JSONField] {
    guard let fields = value.fields else {
      throw Problem(
        line: line ?? value.line, message: "\(what) must be a JSON object, found \(kindName(value))"
      )
    }
    try checkDuplicates(fields, what: "field")
    return fields
  }

  private static func checkFieldNames(_ fields: [JSONField], allowed: [String]) throws {
    for field in fields where !allowed.contains(field.name) {
      let expected = allowed.dropLast().joined(separator: ", ") + " or " + allowed.last!
      throw Problem(
        line: field.line, message: "unknown field \"\(field.name)\" (expected \(expected))")
    }
  }

  private static func checkDuplicates(_ fields: [JSONField], what: String) throws {
    var seen: Set<String> = []
    for field in fields where !seen.insert(field.name).inserted {
      throw Problem(line: field.line, message: "duplicate \(what) \"\(field.name)\"")
    }
  }

  private static func number(_ field: JSONField) throws -> Double {
    guard let value = field.value.number else {
      throw Problem(
        line: field.line,
        message: "\"\(field.name)\" must be a number, found \(kindName(field.value))")
    }
    return value
  }

  /// A whole number of requests from 1 to `maximum`.
  private static func count(_ field: JSONField, maximum: Int) throws -> Int {
    let value = try number(field)
    let got = RateLimitRule.text(value)
    guard value == value.rounded() else {
      throw Problem(
        line: field.line, message: "\"\(field.name)\" must be a whole number (got \(got))")
    }
    guard value >= 1 else {
      throw Problem(line: field.line, message: "\"\(field.name)\" must be at least 1 (got \(got))")
    }
    guard value <= Double(maximum) else {
      throw Problem(
        line: field.line, message: "\"\(field.name)\" must be at most \(maximum) (got \(got))")
    }
    return Int(value)
  }

  private static func string(_ field: JSONField) throws -> String {
    guard let value = field.value.string else {
      throw Problem(
        line: field.line,
        message: "\"\(field.name)\" must be a string, found \(kindName(field.value))")
    }
    return value
  }

  /// What a value is, in the words of a rules file's author: a JSON array is "a list", a
  /// boolean "true or false".
  private static func kindName(_ value: JSONValue) -> String {
    switch value.content {
    case .array: return "a list"
    case .bool: return "true or false"
    default: return value.kindName
    }
  }
}
