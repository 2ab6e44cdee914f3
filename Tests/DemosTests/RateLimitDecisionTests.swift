import Demos
import Patterns
import Testing

/// Decisions rendered as HTTP header fields.
@Suite("Rate limit decisions")
struct RateLimitDecisionTests {
  @Test func anAllowedDecisionHasNoRetryAfter() {
    let decision = RateLimitDecision(
      allowed: true, limit: 10, remaining: 7, retryAfter: nil, resetAfter: 0.3)
    #expect(
      decision.headerLines == [
        "RateLimit-Limit: 10", "RateLimit-Remaining: 7", "RateLimit-Reset: 1",
      ])
  }

  @Test func aDenialRoundsItsWaitsUp() {
    let decision = RateLimitDecision(
      allowed: false, limit: 5, remaining: 0, retryAfter: 12.2, resetAfter: 59.000_000_1)
    #expect(
      decision.headers.map { "\($0.name)=\($0.value)" }
        == ["RateLimit-Limit=5", "RateLimit-Remaining=0", "RateLimit-Reset=59", "Retry-After=13"])
  }

  @Test func aTinyWaitIsStillOneSecond() {
    let decision = RateLimitDecision(
      allowed: false, limit: 5, remaining: 0, retryAfter: 0.05, resetAfter: 0)
    #expect(decision.headerLines.suffix(2) == ["RateLimit-Reset: 0", "Retry-After: 1"])
  }
}
