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
}
