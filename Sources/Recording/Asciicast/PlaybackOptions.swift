/// How a recording is played back: pace, pause cutting and where to start.
public struct PlaybackOptions: Sendable, Equatable {
  /// How fast to play: 1 is the recorded pace, 2 twice as fast.
  public var speed: Double
  /// Pauses longer than this (in recording seconds) are cut to it; defaults to the header's
  /// `idle_time_limit` when nil.
  public var idleLimit: Double?
  /// Start at the first marker whose label contains this text (case-insensitive); output
  /// before it is skipped.
  public var fromMarker: String?

  /// Creates options; the defaults play the whole recording at its recorded pace.
  public init(speed: Double = 1, idleLimit: Double? = nil, fromMarker: String? = nil) {
    self.speed = speed
    self.idleLimit = idleLimit
    self.fromMarker = fromMarker
  }
}
