import Foundation
import Patterns
import RedisClient
import TerminalUI
import Testing
import TutorTestSupport

@testable import Demos

@Suite struct LimiterDemoCancellationTests {
  @Test func ctrlCStopsTheDemoAndRemovesItsKeys() throws {
    let server = try RedisServerFixture()
    let cancellation = CancellationPipe()
    let written = Locked(0)
    let environment = DemoEnvironment(
      options: server.options, storePath: "/nonexistent", executablePath: "/nonexistent",
      write: { _ in
        // Ctrl-C arrives once the first scenario has printed its heading and keys exist.
        if written.withLock({
          $0 += 1
          return $0
        }) == 2 {
          cancellation.trigger()
        }
      },
      progress: ProgressLine(isTerminal: false, now: { 0 }, write: { _ in }),
      cancellation: cancellation, unicode: true, width: 80)
    var settings = LimiterDemoSettings()
    settings.scenarios = [.traffic, .edge, .routes]
    #expect(throws: CacheDemo.Stop.self) {
      _ = try LimiterDemo(settings: settings, environment: environment).run()
    }
    #expect(written.current < 8, "the demo stopped early")
    let keys = try server.connect().send("KEYS", "rt:demo:limiter:*")
    #expect(keys == .array([]))
  }
}
