import Foundation

/// Every lesson in a directory, with the problems of the files that could not be read.
///
/// A malformed file does not stop the others from loading: its problems are kept beside the
/// lessons that did load, for the linter and for a one-line warning in the shell.
public struct LessonCatalog: Sendable {
  /// The directory the lessons were read from.
  public var directory: String
  /// The lessons that loaded, by day.
  public var lessons: [Lesson]
  /// Problems, each with file and line.
  public var problems: [LessonProblem]

  public init(directory: String, lessons: [Lesson], problems: [LessonProblem]) {
    self.directory = directory
    self.lessons = lessons.sorted { $0.day < $1.day }
    self.problems = problems
  }

  /// Reads every `*.md` file in `directory` except `README*`; a file over
  /// `LessonParser.maximumFileBytes` is refused without being read.
  public static func load(directory: String) throws(LessonDirectoryMissing) -> LessonCatalog {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw LessonDirectoryMissing(lookedIn: [directory])
    }
    var lessons: [Lesson] = []
    var problems: [LessonProblem] = []
    var days: [Int: String] = [:]
    for name in names.sorted()
    where name.hasSuffix(".md") && !name.uppercased().hasPrefix("README") {
      let path = directory + "/" + name
      let shown = LessonCatalog.displayPath(path)
      let size = try? URL(fileURLWithPath: path).resourceValues(forKeys: [.fileSizeKey]).fileSize
      if let size, let tooLarge = LessonParser.sizeProblem(bytes: size, file: shown) {
        problems.append(tooLarge)
        continue
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        problems.append(LessonProblem(file: shown, line: 0, message: "cannot be read"))
        continue
      }
      guard let text = String(data: data, encoding: .utf8) else {
        problems.append(LessonProblem(file: shown, line: 0, message: "is not UTF-8 text"))
        continue
      }
      switch LessonParser.parse(text, file: shown) {
      case .success(let lesson):
        if let other = days[lesson.day] {
          problems.append(
            LessonProblem(file: shown, line: 2, message: "day \(lesson.day) is also \(other)"))
          continue
        }
        days[lesson.day] = shown
        lessons.append(lesson)
      case .failure(let found):
        problems += found.problems
      }
    }
    return LessonCatalog(directory: directory, lessons: lessons, problems: problems)
  }

  /// The lesson for a day.
  public func lesson(day: Int) -> Lesson? { lessons.first { $0.day == day } }

  /// A path relative to the current directory when it is inside it, as editors like.
  static func displayPath(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath + "/"
    return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
  }
}

/// No lessons directory was found; says every place that was tried.
public struct LessonDirectoryMissing: Error, Sendable, CustomStringConvertible {
  /// The directories looked in, in order.
  public var lookedIn: [String]

  public init(lookedIn: [String]) { self.lookedIn = lookedIn }

  public var description: String {
    "no lessons directory found (looked in \(lookedIn.joined(separator: ", "))); pass --lessons DIR or set REDIS_TUTOR_LESSONS"
  }
}
