import Foundation
import TutorFiles

/// One expectation of a stage, as its file describes it.
struct ExpectationText {
  /// Its name, shown with ✓ or ✗ (`miss-fills`).
  var name: String
  /// The lesson day and step id that teach it.
  var lessonDay: Int
  var lessonStep: String
  /// What it checks, in one line.
  var summary: String

  /// Where the fix is taught, as the learner reaches it in the tutor.
  var lessonPointer: String {
    "day \(lessonDay), step \(lessonStep) (`:lesson \(lessonDay)`, then `:step \(lessonStep)`)"
  }
}

/// A stage as `testers/stages/NAME.txt` describes it: what the learner builds, the variables
/// it gets, and its expectations in order.
///
/// The file's head is `key: value` lines (`title`, `day`, `kind` = service, client or worker,
/// `builds-on` = the stages whose programs it extends, `env` and `expect` repeated); after a
/// line `---` comes the description, printed as it is. An `expect` line is
/// `NAME | DAY STEP-ID | what it checks`.
struct StageText {
  var name: String
  var title: String
  var day: Int
  var isService: Bool
  /// A long-running program that listens on no port (a queue worker): started before the
  /// expectations and stopped after them, like a service.
  var isWorker: Bool
  /// The stages whose programs this one extends (`day2-cache` for cache-stampede): it has no
  /// starter of its own.
  var buildsOn: [String] = []
  var environment: [String]
  var expectations: [ExpectationText]
  var description: String

  /// Parses a stage file; the error names the line.
  init(name: String, text: String) throws(CatalogError) {
    self.name = name
    var title: String?
    var day: Int?
    var kind: String?
    var environment: [String] = []
    var expectations: [ExpectationText] = []
    let lines = text.components(separatedBy: "\n")
    var index = 0
    func fail(_ what: String) -> CatalogError {
      CatalogError("testers/stages/\(name).txt line \(index + 1): \(what)")
    }
    while index < lines.count, lines[index] != "---" {
      let line = lines[index]
      if !line.isEmpty {
        guard let colon = line.firstIndex(of: ":") else { throw fail("expected `key: value`") }
        let key = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "title": title = value
        case "day": day = Int(value)
        case "kind": kind = value
        case "env": environment.append(value)
        case "builds-on": buildsOn = value.split(separator: " ").map(String.init)
        case "expect":
          let parts = value.components(separatedBy: " | ")
          let lesson = parts.count == 3 ? parts[1].split(separator: " ") : []
          guard parts.count == 3, lesson.count == 2, let lessonDay = Int(lesson[0]) else {
            throw fail("expected `expect: NAME | DAY STEP-ID | what it checks`")
          }
          expectations.append(
            ExpectationText(
              name: parts[0], lessonDay: lessonDay, lessonStep: String(lesson[1]),
              summary: parts[2]))
        default: throw fail("unknown key `\(key)`")
        }
      }
      index += 1
    }
    guard let title, let day, ["service", "client", "worker"].contains(kind),
      !expectations.isEmpty
    else {
      throw fail("a stage needs title, day, kind (service, client or worker) and expect lines")
    }
    self.title = title
    self.day = day
    self.isService = kind == "service"
    self.isWorker = kind == "worker"
    self.environment = environment
    self.expectations = expectations
    self.description =
      index < lines.count
      ? lines[(index + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines) : ""
  }

  /// The expectation named `name`; its text must exist for every check the code makes.
  func expectation(_ name: String) -> ExpectationText {
    guard let found = expectations.first(where: { $0.name == name }) else {
      fatalError("testers/stages/\(self.name).txt has no `expect: \(name)` line")
    }
    return found
  }
}

/// A stage file that cannot be read or parsed.
struct CatalogError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The stages and the runner's contract, read from the `testers/` content folder.
struct StageCatalog {
  /// The `testers/` folder.
  let folder: String

  /// Finds `testers/` like the lessons' folder (`REDIS_TUTOR_TESTERS` names another).
  static func locate(environment: [String: String]) -> Result<StageCatalog, ContentFolderMissing> {
    ContentFolder.find("testers", variable: "REDIS_TUTOR_TESTERS", environment: environment)
      .map { StageCatalog(folder: $0) }
  }

  /// The stages' names, by day, each day's own stage before its bonus ones.
  func names() throws(CatalogError) -> [String] {
    let files =
      (try? FileManager.default.contentsOfDirectory(atPath: folder + "/stages")) ?? []
    var stages: [StageText] = []
    for file in files where file.hasSuffix(".txt") {
      stages.append(try stage(String(file.dropLast(4))))
    }
    // A day's own stage (dayN-…) first, then its bonus stages.
    func order(_ stage: StageText) -> (Int, Int, String) {
      (stage.day, stage.name.hasPrefix("day") ? 0 : 1, stage.name)
    }
    return stages.sorted { order($0) < order($1) }.map(\.name)
  }

  /// The stage named `name`.
  func stage(_ name: String) throws(CatalogError) -> StageText {
    let path = folder + "/stages/" + name + ".txt"
    guard !name.contains("/"), let text = try? String(contentsOfFile: path, encoding: .utf8)
    else {
      let known = (try? names())?.joined(separator: ", ") ?? "none"
      throw CatalogError("no stage named `\(name)`; the stages are: \(known)")
    }
    return try StageText(name: name, text: text)
  }

  /// The runner's contract, as `test list STAGE` prints it and docs/testers.md shows it.
  func contract() throws(CatalogError) -> String {
    guard let text = try? String(contentsOfFile: folder + "/contract.txt", encoding: .utf8) else {
      throw CatalogError("\(folder)/contract.txt is missing")
    }
    return text.trimmingCharacters(in: .newlines)
  }
}
