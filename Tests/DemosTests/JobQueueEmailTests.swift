import Demos
import Foundation
import Patterns
import Testing
import TutorTestSupport

/// The email job's validation, the maildir outbox and the fault-injecting sender.
@Suite("Job queue email")
struct JobQueueEmailTests {
  let valid = EmailJob(
    to: "ada@example.com", subject: "Welcome", body: "Hello Ada", idempotencyKey: "welcome-1")

  private func reason(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let JobQueueError.invalidPayload(reason) {
      return reason
    } catch {
      return "unexpected \(error)"
    }
  }

  @Test func aPlausibleEmailPassesAndRoundTrips() throws {
    let payload = try valid.payload()
    #expect(try EmailJob.decode(payload) == valid)
  }

  @Test(arguments: [
    ("ada.example.com", "exactly one @"),
    ("ada@", "domain like example.com"),
    ("@example.com", "before the @"),
    ("ada@localhost", "domain like example.com"),
    ("ada @example.com", "space"),
    ("ada@exa_mple.com", "domain like example.com"),
    ("", "is empty"),
  ])
  func implausibleAddressesAreRejected(address: String, expected: String) {
    var email = valid
    email.to = address
    let message = reason { try email.validate() }
    #expect(message?.contains(expected) == true, "\(address): \(message ?? "accepted")")
  }

  @Test func subjectBodyAndKeyAreChecked() {
    var email = valid
    email.subject = "  "
    #expect(reason { try email.validate() } == "'subject' is empty")
    email.subject = "Hi\r\nBcc: everyone@example.com"
    #expect(reason { try email.validate() } == "'subject' contains a line break")
    email = valid
    email.body = String(repeating: "x", count: EmailJob.maxBodyBytes + 1)
    #expect(reason { try email.validate() }?.contains("limit is 65536") == true)
    email.body = String(repeating: "x", count: EmailJob.maxBodyBytes)
    #expect(reason { try email.validate() } == nil)
    email.idempotencyKey = "a/b"
    #expect(reason { try email.validate() }?.contains("idempotencyKey") == true)
  }

  @Test func malformedPayloadsSayWhatIsWrong() {
    #expect(
      reason { _ = try EmailJob.decode(Array("not json".utf8)) }?.contains("not a JSON") == true)
    #expect(
      reason { _ = try EmailJob.decode(Array(#"{"to":"a@b.co","subject":"s","body":"b"}"#.utf8)) }
        == "missing field 'idempotencyKey'")
    #expect(
      reason {
        _ = try EmailJob.decode(
          Array(#"{"to":5,"subject":"s","body":"b","idempotencyKey":"k"}"#.utf8))
      } == "'to' must be a string")
  }

  @Test func outboxWritesWholeMessagesIntoNew() throws {
    let directory = try TemporaryDirectory.make(prefix: "outbox")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outbox = try Outbox(directory: directory)
    let file = try outbox.deliver(valid)
    #expect(file.deletingLastPathComponent().lastPathComponent == "new")
    #expect(try outbox.messages() == [file])
    #expect(try outbox.messages(withIdempotencyKey: "welcome-1").count == 1)
    #expect(try outbox.deliveries(withIdempotencyKey: "welcome-1") == 1)
    let tmp = try FileManager.default.contentsOfDirectory(
      atPath: directory.appendingPathComponent("tmp").path)
    #expect(tmp.isEmpty)
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains("To: ada@example.com\r\n"))
    #expect(text.contains("Message-ID: <welcome-1@redis-tutor.local>\r\n"))
    #expect(text.hasSuffix("\r\n\r\nHello Ada\r\n"))
  }

  @Test func injectedFailuresFollowTheSeed() throws {
    let directory = try TemporaryDirectory.make(prefix: "outbox")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outbox = try Outbox(directory: directory)
    func pattern(seed: UInt64) -> [Bool] {
      let sender = EmailSender(
        outbox: outbox, faults: .init(failureFraction: 0.25, random: SeededRandom(seed: seed)))
      return (0..<200).map { _ in (try? sender.send(valid)) == nil }
    }
    let first = pattern(seed: 11)
    #expect(first == pattern(seed: 11))
    let failures = first.filter { $0 }.count
    #expect((25...75).contains(failures))
    #expect(try outbox.deliveryLog().count == 400 - 2 * failures)
    // One message per idempotency key: the outbox dedupes like a store keyed by Message-ID.
    #expect(try outbox.messages().count == 1)
  }
}
