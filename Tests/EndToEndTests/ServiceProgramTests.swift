import Foundation
import Testing
import TutorTestSupport

/// `redis-tutor serve` runs the service's own program, building it on first use in a
/// checkout, so `make run` need not compile the service's HTTP stack.
@Suite("End to end: the service program is built on first use")
struct ServiceProgramTests {
  @Test func aMissingServiceIsBuiltOnceThenRun() throws {
    let checkout = try CompanionCheckout(
      product: "redis-tutor-serve", target: "RedisTutorServe", ran: "service")
    defer { checkout.remove() }
    let (tutor, fakeSwift) = (checkout.tutor, checkout.fakeSwift)

    let first = try TutorBinary.run(
      ["serve", "--port", "0"], executable: tutor, environment: ["SWIFT": fakeSwift])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      first.stderr.contains("building redis-tutor-serve, the Day 6 service, on its first use"))
    #expect(first.stderr.contains("fake swift build --product redis-tutor-serve"))
    #expect(first.output == "service ran: --port 0\n")

    let second = try TutorBinary.run(
      ["worker", "--workers", "1"], executable: tutor, environment: ["SWIFT": fakeSwift])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(!second.stderr.contains("building"), "built once: \(second.stderr)")
    #expect(second.output == "service ran: worker --workers 1\n")
  }

  @Test func outsideACheckoutItSaysHowToBuildIt() throws {
    let scratch = try TemporaryDirectory.make(prefix: "tutor-nocheckout")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let tutor = try CompanionCheckout.lonelyTutor(in: scratch)
    let result = try TutorBinary.run(["serve"], executable: tutor)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "redis-tutor: \(scratch.path)/.build/debug/redis-tutor-serve is missing; build it in the redis-tutor checkout with `make serve`\n"
    )
  }
}
