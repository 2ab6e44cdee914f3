import Patterns
import Service
import Testing

/// `redis-tutor-serve --stage-env`'s configuration, read from the stage tester's variables.
@Suite struct StageEnvironmentTests {
  static let environment = [
    "PORT": "40123", "REDIS_URL": "redis://127.0.0.1:6390/3", "KEY_PREFIX": "rt:test:ab12:",
    "ITEMS_URL": "http://127.0.0.1:40124", "EMAIL_URL": "http://127.0.0.1:40125",
    "WORKERS": "2", "MAX_ATTEMPTS": "4", "BACKOFF_MS": "100",
  ]

  @Test func everyVariableLandsInTheConfiguration() throws {
    let configuration = try StageEnvironment.configuration(
      Self.environment, directory: "/nonexistent")
    #expect(configuration.port == 40123)
    #expect(configuration.redis.endpoint.description == "127.0.0.1:6390")
    #expect(configuration.redis.database == 3)
    #expect(configuration.keys.prefix == "rt:test:ab12:")
    #expect(configuration.keys.cache.item(7) == "rt:test:ab12:item:7")
    #expect(configuration.keys.limiter.prefix.hasPrefix("rt:test:ab12:"))
    #expect(configuration.keys.stats == "rt:test:ab12:stats")
    #expect(configuration.queue.keys.pending.hasPrefix("rt:test:ab12:queue:"))
    #expect(configuration.itemStore == .http(url: "http://127.0.0.1:40124"))
    #expect(configuration.emailProvider == .http(url: "http://127.0.0.1:40125"))
    #expect(configuration.workers == 2)
    #expect(configuration.queue.backoff.maxAttempts == 4)
    #expect(configuration.queue.backoff.floor == 0.1)
    #expect(configuration.queue.backoff.ceiling(afterFailures: 2) == 0.2)
    #expect(configuration.jobTimingsToStandardOutput)
    #expect(configuration.problem() == nil)
  }

  @Test func withoutTheStoreAndProviderItKeepsSQLiteAndTheOutbox() throws {
    var environment = Self.environment
    environment["ITEMS_URL"] = nil
    environment["EMAIL_URL"] = nil
    let configuration = try StageEnvironment.configuration(environment, directory: "/tmp")
    #expect(configuration.itemStore == .sqlite)
    #expect(configuration.emailProvider == .outbox)
  }

  @Test func aMissingOrBadVariableIsNamed() {
    for (name, value, message) in [
      ("KEY_PREFIX", nil, "--stage-env needs KEY_PREFIX in the environment"),
      ("PORT", "80x", "PORT must be 1…65535 (got '80x')"),
      ("WORKERS", "-1", "WORKERS must be a whole number in 0…64 (got '-1')"),
      ("REDIS_URL", "http://x", "REDIS_URL: "),
    ] as [(String, String?, String)] {
      var environment = Self.environment
      environment[name] = value
      #expect {
        _ = try StageEnvironment.configuration(environment, directory: "/tmp")
      } throws: { error in
        "\(error)".contains(message)
      }
    }
  }

  @Test func aBadItemStoreURLIsAProblem() throws {
    var environment = Self.environment
    environment["ITEMS_URL"] = "https://store.example"
    let configuration = try StageEnvironment.configuration(environment, directory: "/tmp")
    #expect(configuration.problem()?.hasPrefix("the item store: 'https://store.example'") == true)
  }
}
