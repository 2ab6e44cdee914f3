import Foundation
import Testing
import TutorTestSupport

@testable import Lessons

/// Lesson files stay cheap: reading one costs work in proportion to its size, and a file
/// over the limit is refused with its size.
@Suite struct LessonLoadingCostTests {
  /// The ways a big lesson can be big.
  enum Shape: String, CaseIterable {
    /// Many steps, each with prose, an example, a check, a hint and a card.
    case manySteps
    /// One step with a long run of paragraphs and solution blocks.
    case oneLongStep
    /// Many blocks in the front matter, each with its section.
    case manyBlocks
  }

  /// A valid lesson of about `bytes` bytes, made by repeating one unit of `shape`.
  static func lesson(_ shape: Shape, bytes: Int) -> String {
    var front = "---\nday: 1\ntitle: Synthetic\nblocks:\n"
    var body = ""
    var number = 0
    func block(_ id: String) -> String {
      "  - id: \(id)\n    kind: concepts\n    title: Block \(id)\n    minutes: 60\n    plans: 4h 6h\n"
    }
    if shape != .manyBlocks {
      front += block("concepts")
      body = "# Concepts {#concepts}\n\n"
      if shape == .oneLongStep { body += "## One step {#one}\n\n" }
    }
    while front.utf8.count + body.utf8.count < bytes {
      switch shape {
      case .manySteps:
        body += """
          ## Step \(number) {#step-\(number)}

          Some prose about step \(number), with `code` and **strong** text.

          ```redis
          SET rt:step:\(number) value
          ```

          ```check
          GET rt:step:\(number) => "value" # set it first
          ```

          ```hint
          Use SET.
          ```

          ```card choice card-\(number)
          q: Which command sets a string?
          * SET
          - GET
          ```


          """
      case .oneLongStep:
        body += """
          A paragraph of prose, number \(number), with `code` and **strong** text.

          ```solution
          SET rt:step:\(number) value
          ```


          """
      case .manyBlocks:
        front += block("b\(number)")
        body += "# Block \(number) {#b\(number)}\n\n## Step \(number) {#s\(number)}\n\nText.\n\n"
      }
      number += 1
    }
    return front + "---\n\n" + body
  }

  /// What reading a lesson of `shape` and about `bytes` bytes cost.
  func work(_ shape: Shape, bytes: Int) throws -> LessonParser.Work {
    var work = LessonParser.Work()
    let text = Self.lesson(shape, bytes: bytes)
    _ = try LessonParser.parse(text, file: "day1.md", work: &work).get()
    return work
  }

  @Test(arguments: Shape.allCases)
  func readingFourTimesTheTextCostsAboutFourTimesTheWork(shape: Shape) throws {
    let small = try work(shape, bytes: 100_000)
    let large = try work(shape, bytes: 400_000)
    #expect(small.textBytesWritten > 0 && small.blocksExamined > 0)
    #expect(Double(large.textBytesWritten) <= 4.5 * Double(small.textBytesWritten))
    #expect(Double(large.blocksExamined) <= 4.5 * Double(small.blocksExamined))
  }

  @Test func aFileOverTheLimitIsRefusedWithItsSizeAndTheLimit() throws {
    let directory = try TemporaryDirectory.make(prefix: "lesson-size")
    defer { try? FileManager.default.removeItem(at: directory) }
    let padding = "\n" + String(repeating: "Long prose. ", count: 400_000)
    let tooLarge = sampleLesson + padding
    #expect(tooLarge.utf8.count > LessonParser.maximumFileBytes)
    let path = directory.appendingPathComponent("day1.md").path
    try tooLarge.write(toFile: path, atomically: true, encoding: .utf8)
    let catalog = try LessonCatalog.load(directory: directory.path)
    #expect(catalog.lessons.isEmpty)
    #expect(
      catalog.problems.map(\.description) == [
        "\(path):1: lesson file is 4.9 MB; the limit is 4 MB: make it smaller"
      ])
    guard case .failure(let parsed) = LessonParser.parse(tooLarge, file: "day1.md") else {
      Issue.record("a lesson over the limit was parsed")
      return
    }
    #expect(
      parsed.description == "day1.md:1: lesson file is 4.9 MB; the limit is 4 MB: make it smaller")
  }

  @Test func aFileOfExactlyTheLimitLoads() throws {
    let filler = LessonParser.maximumFileBytes - sampleLesson.utf8.count - 1
    let text = sampleLesson + "\n" + String(repeating: "x", count: filler)
    #expect(text.utf8.count == LessonParser.maximumFileBytes)
    let lesson = try LessonParser.parse(text, file: "day1.md").get()
    #expect(lesson.blocks.last?.steps.last?.prose.hasSuffix("xxx") == true)
  }
}
