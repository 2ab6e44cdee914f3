import Foundation
import Lessons
import Progress
import Shell
import TutorApp
import TutorTestSupport

/// A lesson day for the controllers: the greeting step, a reading step, a card.
let controllerLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Shell day"))
  # Concepts {#concepts}

  \(LessonFixture.greetingStep)

  ## Read it back {#read-back}

  GET reads a string.

  ```card answer string-max
  q: How large can a Redis string be?
  a: 512 MB | 512 megabytes
  ```

  """

/// The lessons and a real progress database in a scratch directory, with a manual clock.
final class LessonLibrary {
  let directory: URL
  let store: ProgressStore
  let catalog: LessonCatalog
  let clock = ManualClock()

  init(lesson text: String = controllerLesson) throws {
    directory = try TemporaryDirectory.make(prefix: "shell-lessons")
    store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let lesson = try LessonParser.parse(text, file: "day1.md").get()
    catalog = LessonCatalog(directory: directory.path, lessons: [lesson], problems: [])
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  /// A lesson controller over this library, attached to `shell`.
  func controller(on shell: Shell) -> LessonController {
    let controller = LessonController(clock: StudyClock(now: clock.now)) { [self] in
      LessonController.Library(catalog: catalog, store: store)
    }
    controller.attach(to: shell)
    return controller
  }
}
