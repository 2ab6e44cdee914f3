/// A key the player reacts to.
public enum PlayerKey: Sendable, Equatable {
  /// Space: pause, or resume when paused.
  case pause
  /// `n`: while paused, write the next output event and stay paused.
  case step
  /// `q`: stop playing.
  case quit
  /// Any other key.
  case other
}

/// How playback ended.
public enum PlaybackEnd: Sendable, Equatable {
  /// Every event was played.
  case finished
  /// The learner pressed q.
  case quit
  /// No marker matched `PlaybackOptions.fromMarker`; nothing was played. The message says so
  /// and lists the markers the recording has.
  case markerNotFound(String)
}

/// Plays a recording to a terminal at its recorded pace, with pause, single-step and quit.
///
/// The player is pure logic: it writes through `write` and waits through `waitForKey`, so it
/// reads no clock and touches no terminal itself.
public final class CastPlayer {
  private let file: AsciicastFile
  private let options: PlaybackOptions
  private let write: (String) -> Void
  private let waitForKey: (Double?) -> PlayerKey?

  /// Creates a player for `file`.
  ///
  /// `waitForKey(seconds)`: waits up to `seconds` (nil = forever) for a key, returning nil on
  /// timeout — in production a poll() on the terminal; in tests a script that also advances a
  /// manual clock.
  public init(
    file: AsciicastFile, options: PlaybackOptions, write: @escaping (String) -> Void,
    waitForKey: @escaping (Double?) -> PlayerKey?
  ) {
    self.file = file
    self.options = options
    self.write = write
    self.waitForKey = waitForKey
  }

  /// Plays to the end, or until q.
  ///
  /// Returns how it ended: `.finished`, `.quit`, or `.markerNotFound(message)` (nothing
  /// played; the message lists the available markers).
  ///
  /// Before each event the player waits for the gap since the previous one, cut to the idle
  /// limit and divided by the speed. A key during that wait: space pauses (the pending event
  /// then waits its full gap again after resuming), q quits, any other key ends the wait
  /// early. While paused: space resumes, n writes the next output event, q quits.
  public func play() -> PlaybackEnd {
    let events = file.events
    var index = 0
    var previousTime = 0.0
    if let wanted = options.fromMarker {
      guard let start = firstMarker(matching: wanted) else {
        return .markerNotFound(markerNotFoundMessage(wanted))
      }
      index = start.index + 1
      previousTime = start.time
    }
    var paused = false
    while index < events.count {
      if paused {
        switch waitForKey(nil) {
        case .pause, nil:
          paused = false
        case .quit:
          return .quit
        case .step:
          while index < events.count {
            let event = events[index]
            index += 1
            previousTime = event.time
            if event.code == .output {
              write(event.data)
              break
            }
          }
        case .other:
          break
        }
        continue
      }
      let event = events[index]
      let delay = self.delay(from: previousTime, to: event.time)
      if delay > 0, let key = waitForKey(delay) {
        switch key {
        case .pause:
          paused = true
          continue
        case .quit:
          return .quit
        case .step, .other:
          break
        }
      }
      if event.code == .output { write(event.data) }
      previousTime = event.time
      index += 1
    }
    if let damage = file.damage {
      write("\r\n[recording damaged: \(damage); played up to there]\r\n")
    }
    return .finished
  }

  /// How long to wait, in real seconds, between events at these recording times.
  func delay(from previousTime: Double, to time: Double) -> Double {
    var gap = max(0, time - previousTime)
    if let limit = options.idleLimit ?? file.header.idleTimeLimit, limit > 0 {
      gap = min(gap, limit)
    }
    let speed = options.speed.isFinite && options.speed > 0 ? options.speed : 1
    return gap / speed
  }

  private func firstMarker(matching wanted: String) -> (index: Int, time: Double, label: String)? {
    let needle = wanted.lowercased()
    return file.markers.first { $0.label.lowercased().contains(needle) }
  }

  private func markerNotFoundMessage(_ wanted: String) -> String {
    let labels = file.markers.map { "\"\($0.label)\"" }
    if labels.isEmpty {
      return "no step matches \"\(wanted)\": this recording has no markers; "
        + "play it from the start"
    }
    return "no step matches \"\(wanted)\"; the recording's markers are "
      + labels.joined(separator: ", ")
  }
}
