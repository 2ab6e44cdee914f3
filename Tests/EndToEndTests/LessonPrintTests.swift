import Foundation
import Lessons
import Progress
import Testing
import TutorTestSupport

/// `redis-tutor lesson N --print` and `replay lesson N` show the learner's own numbers.
@Suite("End to end: a printed lesson is the learner's")
struct LessonPrintTests {
  @Test func aPrintedLessonShowsTheLearnersOwnNumbers() throws {
    let home = try TemporaryDirectory.make(prefix: "tutor-print")
    let data = home.appendingPathComponent("data/redis-tutor")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let seed = try ProgressStore(path: data.appendingPathComponent("progress.sqlite").path)
      .learnerSeed()
    let lesson = try #require(LessonCatalog.load(directory: repositoryLessons).lesson(day: 1))
    let step = try #require(lesson.allSteps.first { $0.id == "expire" })
    let parameters = try #require(step.parameters)
    let own = try #require(try parameters.values(.seed(seed), day: 1, stepID: "expire")["user"])
    let lowest = try #require(try parameters.values(.lowest, day: 1, stepID: "expire")["user"])

    let printed = try TutorBinary.run(
      ["lesson", "1", "--print", "--lessons", repositoryLessons], home: home)
    #expect(printed.status == 0, "\(printed.stderr)")
    #expect(printed.output.contains("rt:session:\(own)"))
    if own != lowest {
      #expect(!printed.output.contains("rt:session:\(lowest)"))
    }
    // The learner's seed is the one the shell uses: printing did not make another.
    #expect(
      try ProgressStore(path: data.appendingPathComponent("progress.sqlite").path).learnerSeed()
        == seed)
  }
}
