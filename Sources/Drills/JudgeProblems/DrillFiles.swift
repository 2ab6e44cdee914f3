import Foundation

/// The `drills/` folder: each judge problem's starter and reference programs as real files,
/// one subfolder per problem (`drills/kth-largest/starter.py`, `reference.py`, …).
public struct DrillFiles: Sendable {
  /// The folder holding one subfolder per problem.
  public var directory: String

  /// Files in `directory`.
  public init(directory: String) { self.directory = directory }

  /// The languages programs come in, each with its file extension.
  public static let extensions = ["go": "go", "python": "py", "swift": "swift"]

  /// The starter program for `problem` in `language`: input parsed, a TODO for the solution.
  public func starter(_ problem: String, language: String) -> String? {
    existing(problem, "starter", language)
  }

  /// The reference solution for `problem` in `language`: a whole program that passes.
  public func reference(_ problem: String, language: String) -> String? {
    existing(problem, "reference", language)
  }

  /// The languages `problem` has a starter in, sorted.
  public func starterLanguages(_ problem: String) -> [String] {
    Self.extensions.keys.filter { starter(problem, language: $0) != nil }.sorted()
  }

  private func existing(_ problem: String, _ role: String, _ language: String) -> String? {
    guard let fileExtension = Self.extensions[language] else { return nil }
    let path = "\(directory)/\(problem)/\(role).\(fileExtension)"
    return FileManager.default.isReadableFile(atPath: path) ? path : nil
  }

  /// Finds the folder: `$REDIS_TUTOR_DRILLS`, else `./drills`, else a `drills/` beside the
  /// program or in a folder above it (so a built binary finds its repository's), else the
  /// installed share folders.
  ///
  /// The same places, in the same order, as the lessons folder is looked for; Drills cannot
  /// import Lessons, so the short rule is kept here too.
  public static func find(environment: [String: String]) -> Result<DrillFiles, DrillFilesMissing> {
    var candidates: [String] = []
    if let fromEnvironment = environment["REDIS_TUTOR_DRILLS"], !fromEnvironment.isEmpty {
      candidates = [fromEnvironment]
    } else {
      candidates.append(FileManager.default.currentDirectoryPath + "/drills")
      let executable =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
      var folder = (executable as NSString).deletingLastPathComponent
      while folder.count > 1 {
        candidates.append(folder + "/drills")
        folder = (folder as NSString).deletingLastPathComponent
      }
      candidates += ["/usr/local/share/redis-tutor/drills", "/usr/share/redis-tutor/drills"]
    }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return .success(DrillFiles(directory: candidate))
      }
    }
    let shown = candidates.count > 4 ? Array(candidates.prefix(3)) + ["…"] : candidates
    return .failure(DrillFilesMissing(lookedIn: shown))
  }
}

/// No drills folder was found; says where it looked and what to set.
public struct DrillFilesMissing: Error, Sendable, CustomStringConvertible {
  /// The folders looked in, in order.
  public var lookedIn: [String]

  public init(lookedIn: [String]) { self.lookedIn = lookedIn }

  public var description: String {
    "no drills folder found (looked in \(lookedIn.joined(separator: ", "))); set REDIS_TUTOR_DRILLS to the drills folder of a redis-tutor checkout"
  }
}
