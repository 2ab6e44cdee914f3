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
    guard let path = locate() else { exit(1) }
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

  /// Runs the program with `arguments` and waits for it, keeping its output.
  ///
  /// Returns how it exited and what it printed; throws when it cannot be had or started.
  public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    guard let path = locate() else { throw CompanionMissing(name: name) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  /// The program's path beside this `redis-tutor`, built first when it is missing and this
  /// `redis-tutor` was built in a checkout; nil, with the reason printed, when it cannot be.
  func locate() -> String? {
    let directory = (Self.tutorPath() as NSString).deletingLastPathComponent
    let path = (directory.isEmpty ? "." : directory) + "/" + name
    if FileManager.default.isExecutableFile(atPath: path) { return path }
    guard let checkout = checkout(above: directory) else {
      printError(
        "redis-tutor: \(path) is missing; build it in the redis-tutor checkout with `\(buildCommand)`"
      )
      return nil
    }
    guard build(in: checkout, release: directory.hasSuffix("/release")) else {
      printError("redis-tutor: building \(name) failed (see above); `\(buildCommand)` tries again")
      return nil
    }
    return path
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

/// A companion program that is missing and could not be built (the reason was printed).
public struct CompanionMissing: Error, CustomStringConvertible {
  public var name: String
  public var description: String { "\(name) is missing and could not be built" }
}
