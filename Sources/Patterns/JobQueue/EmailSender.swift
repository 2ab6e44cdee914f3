import Foundation

/// A stand-in for an email provider: it "sends" by writing to an `Outbox`, and can be told
/// to fail some of the time or to hang, as real SMTP servers do.
public final class EmailSender: Sendable {
  /// Faults to inject into sends.
  public struct Faults: Sendable {
    /// Fraction of sends (0...1) that fail with a temporary error, drawn from `random`.
    public var failureFraction: Double
    /// Fraction of sends (0...1) that hang for `hangSeconds` before sending.
    public var hangFraction: Double
    /// How long a hung send waits, on `clock`.
    public var hangSeconds: Double
    /// Decides which sends fail or hang; seed it for a repeatable run.
    public var random: any RandomSource
    /// The clock a hang sleeps on.
    public var clock: DemoClock

    public init(
      failureFraction: Double = 0, hangFraction: Double = 0, hangSeconds: Double = 3600,
      random: any RandomSource = SystemRandom(), clock: DemoClock = .system
    ) {
      self.failureFraction = failureFraction
      self.hangFraction = hangFraction
      self.hangSeconds = hangSeconds
      self.random = random
      self.clock = clock
    }

    /// No faults: every send succeeds at once.
    public static let none = Faults()
  }

  /// A send the provider refused, temporarily.
  public struct TemporaryFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  public let outbox: Outbox
  public let faults: Faults

  public init(outbox: Outbox, faults: Faults = .none) {
    self.outbox = outbox
    self.faults = faults
  }

  /// Sends one email: may hang, may throw `TemporaryFailure`, else writes it to the outbox.
  @discardableResult
  public func send(_ email: EmailJob) throws -> URL {
    if faults.hangFraction > 0 && faults.random.nextDouble() < faults.hangFraction {
      faults.clock.sleep(faults.hangSeconds)
    }
    if faults.failureFraction > 0 && faults.random.nextDouble() < faults.failureFraction {
      throw TemporaryFailure(
        description: "421 4.7.0 try again later (injected failure) for \(email.to)")
    }
    return try outbox.deliver(email)
  }
}
