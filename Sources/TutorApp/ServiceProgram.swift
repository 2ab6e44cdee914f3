import Foundation

/// A program kept beside `redis-tutor` and built the first time it is used: the Day 6
/// service (`redis-tutor-serve`) and the stage tester (`redis-tutor-test`).
///
/// Their HTTP code stays out of the shell, and `make run` builds only the shell, so a fresh
/// checkout opens the tutor in a minute or two; `redis-tutor serve` or `redis-tutor test`
/// builds its program then.
public struct CompanionProgram: Sendable {
  /// The program's file name (and its SwiftPM product).
  public let name: String
  /// What it is, for the "building …" line (`the Day 6 service`).
  public let purpose: String
  /// The command that builds it by hand, named when it is missing or its build failed.
  public let buildCommand: String

  /// The Day 6 service, `redis-tutor serve` and `redis-tutor worker`.
  public static let service = CompanionProgram(
    name: "redis-tutor-serve", purpose: "the Day 6 service", buildCommand: "make serve")
  /// The stage tester for the learner's own programs, `redis-tutor test`.
  public static let stageTester = CompanionProgram(
    name: "redis-tutor-test", purpose: "the stage tester",
    buildCommand: "swift build --product redis-tutor-test")

  /// Replaces this process with the program run with `arguments`, building it first when it
  /// is missing and this `redis-tutor` was built in a checkout.
  public func exec(_ arguments: [String]) -> Never {
    let directory = (Self.tutorPath() as NSString).deletingLastPathComponent
    let path = (directory.isEmpty ? "." : directory) + "/" + name
    if !FileManager.default.isExecutableFile(atPath: path) {
      guard let checkout = checkout(above: directory) else {
        printError(
          "redis-tutor: \(path) is missing; build it in the redis-tutor checkout with `\(buildCommand)`"
        )
        exit(1)
      }
      guard build(in: checkout, release: directory.hasSuffix("/release")) else {
        printError(
          "redis-tutor: building \(name) failed (see above); `\(buildCommand)` tries again")
        exit(1)
      }
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    execv(path, argv)
    printError("redis-tutor: cannot run \(path) (\(String(cString: strerror(errno))))")
    exit(1)
  }

  /// This `redis-tutor`'s own path: its companions sit beside it, and the shell starts
  /// demo workers and the tester with it.
  public static func tutorPath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }

  /// The nearest folder above `directory` holding redis-tutor's Package.swift.
  func checkout(above directory: String) -> String? {
    var folder = directory
    while folder.count > 1 {
      folder = (folder as NSString).deletingLastPathComponent
      let manifest = folder + "/Package.swift"
      if let text = try? String(contentsOfFile: manifest, encoding: .utf8),
        text.contains("\"\(name)\"")
      {
        return folder
      }
    }
    return nil
  }

  /// Builds the program with `$SWIFT` (default `swift`), its output shown as progress.
  private func build(in checkout: String, release: Bool) -> Bool {
    printError(
      "redis-tutor: building \(name), \(purpose), on its first use (a few minutes; only once)…")
    let swift = ProcessInfo.processInfo.environment["SWIFT"].flatMap { $0.isEmpty ? nil : $0 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    // The build's lines go to stderr as progress, without the linker's "prohibited flag"
    // notes that Debian's toolchain prints on every link.
    process.arguments =
      [
        "-c",
        #"set -o pipefail; "$0" build "$@" 2>&1 | { grep -v 'prohibited flag' || true; } >&2"#,
        swift ?? "swift", "--product", name,
      ] + (release ? ["-c", "release"] : [])
    process.currentDirectoryURL = URL(fileURLWithPath: checkout)
    do {
      try process.run()
    } catch {
      printError("redis-tutor: cannot run swift build: \(error)")
      return false
    }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
