import RedisSandbox

/// What happened to the sandbox since the current step opened, in order: the commands it
/// accepted, its clean restarts and its crashes, each with the persistence mode the server
/// really had, so a lab's check can ask for an event and not only for the state it left; and
/// the stage tester's runs of the learner's own program, for `:stage` lines.
///
/// The shell feeds it from the learner's session; the linter and the walk-through feed it
/// from `ExampleRunner`. A `:lab` check line (`LabEventCheck`) reads it.
public final class LabEventLog {
  /// One thing that happened to the sandbox.
  public enum Event: Sendable, Equatable {
    /// A command the server accepted (its reply was not an error).
    case command([[UInt8]])
    /// `:sandbox restart`: a clean stop, then a start in this mode.
    case restarted(Persistence)
    /// `:sandbox crash`: killed with SIGKILL while the server really ran in this mode.
    case crashed(Persistence)
    /// `:test STAGE …`: the stage tester ran the learner's program; whether it passed.
    case stageRun(stage: String, passed: Bool)
  }

  /// At most this many events are kept; the oldest go first (a step is a few commands).
  public static let capacity = 2_000

  /// The events since the step opened, oldest first.
  public private(set) var events: [Event] = []
  /// The step the events belong to.
  private var stepKey: String?

  public init() {}

  /// Starts a new log when `stepKey` names another step than the one the events belong to.
  public func enterStep(_ stepKey: String) {
    guard stepKey != self.stepKey else { return }
    self.stepKey = stepKey
    events = []
  }

  /// Forgets every event (a step opened again, or an attempt starts afresh).
  public func clear() { events = [] }

  /// Appends one event.
  public func record(_ event: Event) {
    if events.count >= Self.capacity { events.removeFirst(events.count - Self.capacity + 1) }
    events.append(event)
  }
}
