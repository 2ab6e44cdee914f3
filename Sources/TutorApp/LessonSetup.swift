import ArgumentParser
import Foundation
import Lessons
import Progress
import Shell
import TutorFiles

/// Wires the lessons into a shell: finds the lessons, opens the progress database, and
/// starts the daily session when asked.
public struct LessonSetup {
  let paths: TutorPaths
  let environment: [String: String]
  let directory: String?
  let shell: Shell

  /// The progress database's path in the data directory.
  public static func progressPath(_ paths: TutorPaths) -> String {
    paths.progressDatabase
  }

  /// The progress database for a one-shot command, or exit with one line saying why not.
  public static func openStore() throws -> ProgressStore {
    let paths = TutorPaths(environment: ProcessInfo.processInfo.environment)
    do {
      return try ProgressStore(path: progressPath(paths))
    } catch {
      printError("redis-tutor: \(error)")
      throw ExitCode(1)
    }
  }

  /// The lessons folder: `--lessons DIR`, `$REDIS_TUTOR_LESSONS`, or the usual places.
  public static func findLessons(explicit: String?, environment: [String: String]) -> Result<
    String, ContentFolderMissing
  > {
    ContentFolder.find(
      "lessons", variable: "REDIS_TUTOR_LESSONS", flag: "--lessons DIR", explicit: explicit,
      environment: environment)
  }

  /// The clock: the system's, or a file's for end-to-end tests (`REDIS_TUTOR_CLOCK_FILE`).
  public static func clock(_ environment: [String: String]) -> StudyClock {
    if let file = environment["REDIS_TUTOR_CLOCK_FILE"], !file.isEmpty { return .file(file) }
    return .system
  }

  /// Registers the lesson and quiz commands, and returns both controllers.
  ///
  /// The lessons are read and the database opened only when a lesson feature is first used.
  func attach(plan: StudyPlan?) -> (lessons: LessonController, quiz: QuizController) {
    let clock = Self.clock(environment)
    let controller = LessonController(clock: clock) { [self] in load() }
    controller.requestedPlan = plan
    controller.attach(to: shell)
    let quiz = QuizController(lessons: controller, clock: clock)
    quiz.attach(to: shell)
    return (controller, quiz)
  }

  /// Finds and reads the lessons and opens the progress database, saying what went wrong.
  private func load() -> LessonController.Library? {
    let catalog: LessonCatalog
    switch Self.findLessons(explicit: directory, environment: environment) {
    case .success(let found):
      do {
        catalog = try LessonCatalog.load(directory: found)
      } catch {
        shell.note("redis-tutor: \(error)")
        return nil
      }
    case .failure(let missing):
      shell.note("redis-tutor: \(missing)")
      return nil
    }
    var store: ProgressStore?
    do {
      store = try ProgressStore(path: Self.progressPath(paths))
    } catch {
      shell.note("Progress will not be saved: \(error)")
    }
    return LessonController.Library(catalog: catalog, store: store)
  }
}
