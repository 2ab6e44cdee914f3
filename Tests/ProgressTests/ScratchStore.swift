import Foundation
import Progress
import TutorTestSupport

/// A progress database in its own temporary directory, removed when the test is done.
final class ScratchStore {
  let directory: URL
  let path: String
  let store: ProgressStore

  init(prefix: String = "progress") throws {
    directory = try TemporaryDirectory.make(prefix: prefix)
    path = directory.appendingPathComponent("data/redis-tutor/progress.sqlite").path
    store = try ProgressStore(path: path)
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  /// Another store on the same file, as a second tutor would open it.
  func reopen() throws -> ProgressStore { try ProgressStore(path: path) }
}
