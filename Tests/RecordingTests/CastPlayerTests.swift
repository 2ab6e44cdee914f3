import Recording
import Testing

/// Drives a player: a manual clock, keys scripted at given times, and everything written.
final class PlaybackScript {
  private(set) var clock = 0.0
  private var keys: [(time: Double, key: PlayerKey)]
  private(set) var written: [(time: Double, text: String)] = []
  private(set) var waits: [Double?] = []

  init(keys: [(time: Double, key: PlayerKey)] = []) { self.keys = keys }

  var output: String { written.map(\.text).joined() }

  func write(_ text: String) { written.append((clock, text)) }

  /// Returns the next scripted key if it comes within `seconds`, moving the clock to it;
  /// otherwise moves the clock by `seconds` and returns nil.
  func waitForKey(_ seconds: Double?) -> PlayerKey? {
    waits.append(seconds)
    if let next = keys.first, seconds.map({ next.time <= clock + $0 }) ?? true {
      keys.removeFirst()
      clock = max(clock, next.time)
      return next.key
    }
    if let seconds { clock += seconds }
    return nil
  }

  func play(_ file: AsciicastFile, _ options: PlaybackOptions = PlaybackOptions()) -> PlaybackEnd {
    CastPlayer(
      file: file, options: options, write: { self.write($0) },
      waitForKey: { self.waitForKey($0) }
    ).play()
  }
}

@Suite struct CastPlayerTests {
  static func file(
    _ events: [(Double, AsciicastEvent.Code, String)], idleTimeLimit: Double? = nil,
    damage: String? = nil
  ) -> AsciicastFile {
    AsciicastFile(
      header: AsciicastHeader(width: 80, height: 24, idleTimeLimit: idleTimeLimit),
      events: events.map { AsciicastEvent(time: $0.0, code: $0.1, data: $0.2) }, damage: damage)
  }

  let lessons = file([
    (0.5, .output, "welcome\r\n"),
    (1.0, .marker, "day 1 · strings"),
    (1.5, .output, "SET k v\r\n"),
    (3.0, .resize, "100x30"),
    (4.0, .output, "OK\r\n"),
    (10.0, .marker, "day 2 · Lists"),
    (10.5, .output, "LPUSH l a\r\n"),
    (12.0, .input, "q"),
    (13.0, .output, "(integer) 1\r\n"),
  ])

  @Test func playsAtTheRecordedPaceDividedBySpeed() {
    for speed in [1.0, 2.0, 0.5] {
      let script = PlaybackScript()
      #expect(script.play(lessons, PlaybackOptions(speed: speed)) == .finished)
      #expect(script.clock == 13 / speed)
      #expect(script.written.map(\.time) == [0.5, 1.5, 4, 10.5, 13].map { $0 / speed })
      #expect(script.output == "welcome\r\nSET k v\r\nOK\r\nLPUSH l a\r\n(integer) 1\r\n")
    }
  }

  @Test func idleLimitCapsEachGap() {
    let script = PlaybackScript()
    #expect(script.play(lessons, PlaybackOptions(speed: 2, idleLimit: 1)) == .finished)
    // Gaps 0.5, 0.5, 0.5, 1.5→1, 1, 6→1, 0.5, 1.5→1, 1, all halved.
    #expect(script.clock == 7.0 / 2)
  }

  @Test func headerIdleLimitIsTheDefaultAndOptionsOverrideIt() {
    let capped = Self.file([(0, .output, "a"), (30, .output, "b")], idleTimeLimit: 2)
    let byHeader = PlaybackScript()
    _ = byHeader.play(capped)
    #expect(byHeader.clock == 2)
    let byOptions = PlaybackScript()
    _ = byOptions.play(capped, PlaybackOptions(idleLimit: 5))
    #expect(byOptions.clock == 5)
  }

  @Test func fromMarkerSkipsEarlierOutput() {
    let script = PlaybackScript()
    #expect(script.play(lessons, PlaybackOptions(fromMarker: "LISTS")) == .finished)
    #expect(script.output == "LPUSH l a\r\n(integer) 1\r\n")
    #expect(script.written.map(\.time) == [0.5, 3])

    let first = PlaybackScript()
    _ = first.play(lessons, PlaybackOptions(fromMarker: "day"))
    #expect(first.output == "SET k v\r\nOK\r\nLPUSH l a\r\n(integer) 1\r\n")
  }

  @Test func unknownMarkerPlaysNothingAndListsTheMarkers() {
    let script = PlaybackScript()
    let end = script.play(lessons, PlaybackOptions(fromMarker: "day 9"))
    #expect(
      end
        == .markerNotFound(
          #"no step matches "day 9"; the recording's markers are "day 1 · strings", "day 2 · Lists""#
        ))
    #expect(script.written.isEmpty)
    #expect(script.waits.isEmpty)

    let none = PlaybackScript()
    guard
      case .markerNotFound(let message) = none.play(
        Self.file([(0, .output, "a")]), PlaybackOptions(fromMarker: "x"))
    else {
      Issue.record("expected markerNotFound")
      return
    }
    #expect(message.contains("this recording has no markers"))
  }

  @Test func spacePausesStepWritesTheNextOutputAndSpaceResumes() {
    let script = PlaybackScript(keys: [
      (1.0, .pause),  // while waiting for "SET k v"
      (20, .other),  // ignored while paused
      (21, .step),  // writes "SET k v"
      (22, .step),  // skips the resize, writes "OK"
      (23, .pause),  // resumes: the marker and "LPUSH" follow at their gaps
    ])
    #expect(script.play(lessons) == .finished)
    #expect(script.written.map(\.text) == lessons.events.filter { $0.code == .output }.map(\.data))
    #expect(script.written.map(\.time) == [0.5, 21, 22, 29.5, 32])
    #expect(script.waits.filter { $0 == nil }.count == 4)
  }

  @Test func quitStopsWhilePlayingAndWhilePaused() {
    let playing = PlaybackScript(keys: [(1.0, .quit)])
    #expect(playing.play(lessons) == .quit)
    #expect(playing.output == "welcome\r\n")

    let paused = PlaybackScript(keys: [(1.0, .pause), (5, .step), (9, .quit)])
    #expect(paused.play(lessons) == .quit)
    #expect(paused.output == "welcome\r\nSET k v\r\n")
  }

  @Test func otherKeyEndsTheWaitEarly() {
    let script = PlaybackScript(keys: [(0.2, .other)])
    #expect(script.play(Self.file([(5, .output, "a")])) == .finished)
    #expect(script.written.map(\.time) == [0.2])
  }

  @Test func damagedFilePrintsTheDamageLineAtTheEnd() {
    let damage =
      "line 4: cut off mid-line (the recording was interrupted) (the file is damaged from here)"
    let script = PlaybackScript()
    #expect(script.play(Self.file([(0.5, .output, "a")], damage: damage)) == .finished)
    #expect(script.output == "a\r\n[recording damaged: \(damage); played up to there]\r\n")
  }

  @Test func parsedTruncatedFilePlaysUpToTheCut() throws {
    let text =
      "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.5, \"o\", \"a\"]\n[1, \"o\", \"b"
    let script = PlaybackScript()
    #expect(script.play(try AsciicastFile.parse(text)) == .finished)
    #expect(
      script.output
        == "a\r\n[recording damaged: line 3: cut off mid-line (the recording was interrupted) "
        + "(the file is damaged from here); played up to there]\r\n")
  }
}
