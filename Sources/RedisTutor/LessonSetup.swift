import Lessons
import Progress
import Shell

/// Wires the lessons into a shell: finds the lessons, opens the progress database, and
/// starts the daily session when asked.
struct LessonSetup {
  let paths: TutorPaths
  let environment: [String: String]
  let directory: String?
  let shell: Shell

  /// The progress database's path in the data directory.
  static func progressPath(_ paths: TutorPaths) -> String {
    paths.dataDirectory + "/progress.sqlite"
  }

  /// The clock: the system's, or a file's for end-to-end tests (`REDIS_TUTOR_CLOCK_FILE`).
  static func clock(_ environment: [String: String]) -> StudyClock {
    if let file = environment["REDIS_TUTOR_CLOCK_FILE"], !file.isEmpty { return .file(file) }
    return .system
  }

  /// Registers the lesson commands; starts a lesson now when `startNow`.
  func attach(startingDay: Int?, startNow: Bool, plan: StudyPlan?) {
    let catalog: LessonCatalog
    switch LessonLocator.find(explicit: directory, environment: environment) {
    case .success(let found):
      do {
        catalog = try LessonCatalog.load(directory: found)
      } catch {
        if startNow { shell.note("\(error)") }
        return
      }
    case .failure(let missing):
      if startNow { shell.note("redis-tutor: \(missing)") }
      return
    }
    var store: ProgressStore?
    do {
      store = try ProgressStore(path: Self.progressPath(paths))
    } catch {
      shell.note("Progress will not be saved: \(error)")
    }
    let controller = LessonController(
      catalog: catalog, store: store, clock: Self.clock(environment))
    controller.requestedPlan = plan
    controller.attach(to: shell)
    if startNow { controller.start(day: startingDay, plan: plan) }
  }
}
