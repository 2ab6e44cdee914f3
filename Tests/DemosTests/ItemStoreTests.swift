import Demos
import Foundation
import Patterns
import Testing
import TutorTestSupport

@Suite("The SQLite item store")
final class ItemStoreTests {
  let directory: URL
  init() throws { directory = try TemporaryDirectory.make(prefix: "item-store") }
  deinit { try? FileManager.default.removeItem(at: directory) }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  @Test func seedingIsIdempotentAndReproducible() throws {
    let clock = ManualDemoClock()
    let store = try ItemStore(path: path("a.sqlite"), readLatency: 0, clock: clock.clock)
    #expect(try store.seed(count: 500, seed: 3) == 500)
    #expect(try store.seed(count: 500, seed: 3) == 0)
    #expect(try store.count() == 500)

    let twin = try ItemStore(path: path("b.sqlite"), readLatency: 0, clock: clock.clock)
    try twin.seed(count: 500, seed: 3)
    #expect(try store.peek(id: 250) == twin.peek(id: 250))

    // Re-seeding keeps rows that were written since.
    var item = try #require(try store.peek(id: 7))
    item.name = "renamed"
    try store.write(item)
    try store.seed(count: 500, seed: 3)
    #expect(try store.peek(id: 7)?.name == "renamed")
  }

  @Test func loadTakesItsLatencyOnTheClockAndIsCounted() throws {
    let clock = ManualDemoClock(start: 1000)
    let store = try ItemStore(path: path("c.sqlite"), readLatency: 0.02, clock: clock.clock)
    try store.seed(count: 10)
    #expect(try store.load(id: 3)?.id == 3)
    #expect(try store.load(id: 42) == nil)
    #expect(abs(clock.now - 1000.04) < 1e-9)
    #expect(store.processLoads == 2)
    #expect(try store.peek(id: 3)?.id == 3)
    #expect(store.processLoads == 2)
    #expect(abs(clock.now - 1000.04) < 1e-9)
  }

  @Test func theSharedCounterAddsUpLoadsOfSeveralProcesses() throws {
    let clock = ManualDemoClock()
    let first = try ItemStore(path: path("d.sqlite"), readLatency: 0, clock: clock.clock)
    try first.seed(count: 10)
    let second = try ItemStore(path: path("d.sqlite"), readLatency: 0, clock: clock.clock)
    for id in 1...3 { _ = try first.load(id: id) }
    for id in 1...4 { _ = try second.load(id: id) }
    #expect(first.processLoads == 3)
    #expect(second.processLoads == 4)
    #expect(try first.totalLoads() == 7)
    try first.resetLoads()
    #expect(try second.totalLoads() == 0)
    #expect(first.processLoads == 0)
  }

  @Test func writeBumpsTheVersionAndSaveKeepsNewerRows() throws {
    let clock = ManualDemoClock(start: 50)
    let store = try ItemStore(path: path("e.sqlite"), readLatency: 0, clock: clock.clock)
    try store.seed(count: 5)
    var item = try #require(try store.peek(id: 2))
    item.priceCents = 1234
    item.version = 99
    clock.advance(by: 10)
    let stored = try store.write(item)
    #expect(stored.version == 2)
    #expect(stored.updatedAt == 60)
    #expect(try store.peek(id: 2) == stored)

    var older = stored
    older.version = 1
    older.priceCents = 1
    #expect(try store.save(older) == false)
    #expect(try store.peek(id: 2)?.priceCents == 1234)
    var newer = stored
    newer.version = 5
    #expect(try store.save(newer) == true)
    #expect(try store.peek(id: 2)?.version == 5)

    let created = try store.write(
      Item(id: 77, name: "new", priceCents: 1, version: 0, updatedAt: 0))
    #expect(created.version == 1)
  }
}
