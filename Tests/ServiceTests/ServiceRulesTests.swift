import Patterns
import Service
import Testing

@Suite struct ServiceRulesTests {
  @Test func defaultRulesParseAndNameTheServiceRoutes() throws {
    let rules = ServiceRules.defaultRules
    #expect(rules.rule(for: "/items/:id").rule == RateLimitRule(limit: 10, period: 1, burst: 20))
    #expect(rules.rule(for: "/notifications").rule == RateLimitRule(limit: 5, period: 60))
    #expect(rules.rule(for: "/notifications/:id").route == nil)
  }

  @Test func routesMatchMethodsAndPaths() {
    #expect(ServiceRoute.match(method: .get, path: "/items/7") == .route(.getItem(id: "7")))
    #expect(ServiceRoute.match(method: .put, path: "/items/7/") == .route(.putItem(id: "7")))
    #expect(ServiceRoute.match(method: .post, path: "/notifications") == .route(.postNotification))
    #expect(ServiceRoute.match(method: .get, path: "/nope") == .notFound)
    #expect(ServiceRoute.match(method: .get, path: "/items/7/x") == .notFound)
    #expect(
      ServiceRoute.match(method: .delete, path: "/items/7")
        == .methodNotAllowed(pattern: "/items/:id", allowed: [.get, .put]))
  }
}
