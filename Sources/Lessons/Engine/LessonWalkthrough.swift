import RedisCLIFormat
import RedisClient
import TerminalUI

/// Plays a lesson by itself: the prose of each step, then its example commands typed into a
/// fresh sandbox at a readable pace with the server's real replies, then the step's check,
/// so a learner can watch a day they missed and then try it themselves.
public final class LessonWalkthrough {
  /// How fast the walk-through goes, in seconds.
  public struct Pace: Sendable, Equatable {
    /// Between two typed characters.
    public var perCharacter: Double
    /// After a command's reply.
    public var afterCommand: Double
    /// After a step's prose, before its commands.
    public var afterProse: Double

    public init(perCharacter: Double, afterCommand: Double, afterProse: Double) {
      self.perCharacter = perCharacter
      self.afterCommand = afterCommand
      self.afterProse = afterProse
    }

    /// A pace a person can follow.
    public static let readable = Pace(perCharacter: 0.035, afterCommand: 0.8, afterProse: 2.5)

    /// `readable` made `speed` times faster; no waiting at all for speed 0.
    public static func readable(speed: Double) -> Pace {
      guard speed > 0 else { return Pace(perCharacter: 0, afterCommand: 0, afterProse: 0) }
      return Pace(
        perCharacter: readable.perCharacter / speed, afterCommand: readable.afterCommand / speed,
        afterProse: readable.afterProse / speed)
    }
  }

  /// What the walk-through did.
  public struct Result: Sendable, Equatable {
    /// Steps shown.
    public var steps = 0
    /// Steps with a check.
    public var checked = 0
    /// Checks that passed after their step's commands.
    public var passed = 0
    /// One line per check that did not pass or command that failed.
    public var failures: [String] = []
    /// Whether the learner stopped it before the end.
    public var stopped = false
  }

  private let lesson: Lesson
  private let plan: StudyPlan
  private let runner: ExampleRunner
  private let markdown: (String) -> String
  private let write: (String) -> Void
  private let wait: (Double) -> Bool
  private let pace: Pace
  private let color: Bool

  /// A walk-through of `lesson`'s `plan` on `runner`'s sandbox; `markdown` renders prose,
  /// `wait(seconds)` pauses and returns false when the learner asked to stop.
  public init(
    lesson: Lesson, plan: StudyPlan, runner: ExampleRunner, pace: Pace, color: Bool,
    markdown: @escaping (String) -> String, write: @escaping (String) -> Void,
    wait: @escaping (Double) -> Bool
  ) {
    self.lesson = lesson
    self.plan = plan
    self.runner = runner
    self.pace = pace
    self.color = color
    self.markdown = markdown
    self.write = write
    self.wait = wait
  }

  /// A `wait` that listens to the keyboard while it waits.
  ///
  /// Space pauses and resumes, q (or Ctrl-C) stops, any other key skips the rest of the wait.
  /// Off a terminal it just waits.
  public static func keyboardWait(fd: Int32 = 0) -> (Double) -> Bool {
    var paused = false
    return { seconds in
      while true {
        switch RawKeyReader.waitForKey(fd: fd, seconds: paused ? nil : seconds) {
        case nil: return true
        case UInt8(ascii: "q"), 3: return false
        case UInt8(ascii: " "):
          paused.toggle()
          if !paused { return true }
        default: if !paused { return true }
        }
      }
    }
  }

  /// Plays every step of the plan, in order.
  public func play() -> Result {
    var result = Result()
    write(markdown("# Day \(lesson.day): \(lesson.title)\n\n" + lesson.introduction))
    let blocks = lesson.blocks(in: plan)
    let total = blocks.flatMap(\.steps).count
    for (blockIndex, block) in blocks.enumerated() {
      write(
        "\n"
          + paint(
            "Block \(blockIndex + 1)/\(blocks.count): \(block.title) (\(block.kind.rawValue), \(block.minutesText))",
            "1") + "\n")
      if !block.introduction.isEmpty { write(markdown(block.introduction)) }
      for step in block.steps {
        result.steps += 1
        write("\n" + paint("── Step \(result.steps)/\(total): \(step.title) ──", "1;36") + "\n")
        let prose = Self.withoutExamples(step.prose)
        if !prose.trimmed().isEmpty { write(markdown(prose)) }
        guard wait(step.example.isEmpty ? 0 : pace.afterProse) else {
          result.stopped = true
          return result
        }
        runner.labEvents.clear()
        for line in step.example {
          guard type(line.text) else {
            result.stopped = true
            return result
          }
          do {
            switch try runner.run(line.text) {
            case .reply(let argv, let reply):
              let mode = ReplyFormatter.mode(for: argv, default: .terminal)
              write(String(decoding: ReplyFormatter.format(reply, mode: mode), as: UTF8.self))
            case .crashed:
              write(paint("(the sandbox was killed with SIGKILL and started again)", "33") + "\n")
            case .restarted(let mode):
              write(
                paint(
                  "(the sandbox restarted\(mode.map { " with persistence \($0)" } ?? ""))", "33")
                  + "\n")
            case .stageRun(let stage, let passed):
              write(
                paint("(redis-tutor test \(stage): \(passed ? "passed" : "failed"))", "33") + "\n")
            case .nothing: break
            }
          } catch {
            result.failures.append("step '\(step.id)': '\(line.text)' failed: \(error)")
            write(paint("(could not run: \(error))", "31") + "\n")
          }
          guard wait(pace.afterCommand) else {
            result.stopped = true
            return result
          }
        }
        if let check = step.check { checkStep(step, check, into: &result) }
      }
    }
    let summary =
      "Walk-through of day \(lesson.day) done: \(result.steps) steps, \(result.passed) of \(result.checked) checks passed."
    write("\n" + paint(summary, result.failures.isEmpty ? "32" : "33") + "\n")
    return result
  }

  private func checkStep(_ step: LessonStep, _ check: Check, into result: inout Result) {
    result.checked += 1
    let checking = CheckRunner(connection: runner.connection, labEvents: runner.labEvents)
    switch Swift.Result(catching: { try checking.run(check) }) {
    case .success(.passed), .success(.needsNewerRedis):
      result.passed += 1
      write(paint("✓ check passed", "32") + "\n")
    case .success(.notYet(let failures)):
      for failure in failures {
        result.failures.append("step '\(step.id)': \(failure.explanation)")
        write(paint("✗ \(failure.explanation)", "31") + "\n")
      }
    case .success(.refused(let line, let reason)):
      result.failures.append("step '\(step.id)': '\(line.commandText)' refused: \(reason)")
    case .failure(let error):
      result.failures.append("step '\(step.id)': the check could not run: \(error)")
    }
  }

  /// Types `line` after the prompt, one character at a time; false when stopped.
  private func type(_ line: String) -> Bool {
    write(paint("redis> ", "2"))
    for character in line {
      write(String(character))
      guard wait(pace.perCharacter) else { return false }
    }
    write("\n")
    return true
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Step prose without its ```redis blocks: the walk-through types those itself.
  static func withoutExamples(_ prose: String) -> String {
    var kept: [Substring] = []
    var fence: Substring?
    for line in prose.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if let open = fence {
        if trimmed.hasPrefix(open) && trimmed.drop(while: { $0 == open.first }).trimmed().isEmpty {
          fence = nil
        }
        continue
      }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        let marker = trimmed.prefix { $0 == trimmed.first }
        if trimmed.dropFirst(marker.count).trimmed().split(separator: " ").first == "redis" {
          fence = marker
          continue
        }
      }
      kept.append(line)
    }
    return kept.joined(separator: "\n")
  }
}
