import Foundation
import RedisClient

/// Sends email jobs at most once per idempotency key, as far as a sender can: the handler
/// of the email queue.
///
/// Delivery is at least once, so the same job can reach a handler twice (its worker died
/// before acknowledging, or hung past its lease). A record per idempotency key in Redis,
/// `…:{emails}:sent:KEY`, makes the second delivery a no-op:
///
/// 1. claim: `SET sent:KEY "sending JOB DELIVERY WORKER" NX PX claimTTL`. If the key holds
///    `sent …`, the email went out already: skip it (the job still succeeds). If another
///    job's claim holds it, that job is sending right now: fail and retry later. If an
///    earlier delivery of this same job holds it, that delivery's worker lost its lease
///    (crashed or hung): take the claim over.
/// 2. re-check the claim is still ours (a hung worker whose claim was taken over stops here),
///    then send (write the message into the outbox, or POST it to the provider).
/// 3. mark: `SET sent:KEY "sent JOB …"` (kept for `sentRetention`).
///
/// The window that remains runs from the start of the send to the mark: a worker that dies
/// after the message left but before the mark is written leaves a claim, and the redelivery
/// takes it over and sends again; so does a send that hangs past the lease and then
/// completes. No sender can close that window alone (the send and the mark cannot be one atomic
/// step); the message's `Message-ID` is derived from the key so the receiver can drop the
/// copy. A crash anywhere else loses nothing and sends nothing twice: before 2, the email
/// was not sent and the redelivery sends it; after 3, the redelivery finds the mark.
public struct EmailDelivery: Sendable {
  /// What happened to an email job.
  public enum Outcome: Sendable, Equatable {
    /// The email was sent now; the outbox file.
    case sent(URL)
    /// An earlier delivery (or another job with the same key) had sent it: nothing sent.
    case duplicateSkipped
  }

  /// Another job with the same idempotency key is sending right now.
  public struct SendInProgress: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// What sends the email: the maildir outbox, or a provider over HTTP.
  public let sender: any EmailTransport
  /// Seconds a claim lasts if its worker dies before marking the email sent; at least the
  /// queue's lease, so a live worker's claim cannot expire under it.
  public var claimTTL: Double
  /// Seconds the sent mark is kept (nil: forever).
  ///
  /// Keep it longer than any redelivery can come.
  public var sentRetention: Double?

  public init(
    sender: any EmailTransport, claimTTL: Double = 60, sentRetention: Double? = 7 * 86_400
  ) {
    self.sender = sender
    self.claimTTL = claimTTL
    self.sentRetention = sentRetention
  }

  /// The handler for a `WorkerPool`: decodes, claims, sends, marks; notes `email=sent` or
  /// `email=duplicate_skipped` on the log line.
  public var handler: JobHandler {
    { job, context in
      switch try deliver(job, context: context) {
      case .sent: context.note("email", "sent")
      case .duplicateSkipped: context.note("email", "duplicate_skipped")
      }
    }
  }

  /// Delivers one email job over the worker's connection (see the type's steps).
  public func deliver(_ job: LeasedJob, context: JobContext) throws -> Outcome {
    let email = try EmailJob.decode(job.payload)
    let connection = context.connection
    let key = context.keys.sent(email.idempotencyKey)
    let token = "sending \(job.id) \(job.delivery) \(context.worker)"
    let ttl = String(milliseconds(max(claimTTL, context.configuration.lease)))
    let claimed = try connection.queueSend(["SET", key, token, "NX", "PX", ttl])
    if claimed == .null {
      let holder = try connection.queueSend(["GET", key]).string ?? ""
      let parts = holder.split(separator: " ")
      if parts.first == "sent" { return .duplicateSkipped }
      let sameJob = parts.count >= 3 && parts[1] == Substring(job.id.rawValue)
      let earlier = sameJob && (Int(parts[2]) ?? Int.max) < job.delivery
      if !earlier {
        throw SendInProgress(
          description: "email \(email.idempotencyKey) is being sent by another job (\(holder))")
      }
      // An earlier delivery of this job lost its lease: its worker is presumed dead.
      try connection.queueSend(["SET", key, token, "PX", ttl])
    }
    // A hung worker whose claim was taken over must not send.
    guard try connection.queueSend(["GET", key]).string == token else {
      throw SendInProgress(description: "the claim on email \(email.idempotencyKey) was taken over")
    }
    let file = try sender.send(email)
    var mark = ["SET", key, "sent \(job.id) \(job.delivery) \(context.worker)"]
    if let sentRetention { mark += ["PX", String(milliseconds(sentRetention))] }
    try connection.queueSend(mark)
    return .sent(file)
  }
}
