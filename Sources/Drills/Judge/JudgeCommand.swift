#if canImport(Glibc)
  import Glibc
#endif

/// A learner's command resolved to an executable file, checked before anything runs so a
/// typo gets a clear reason instead of a cryptic exec failure.
struct JudgeCommand: Sendable, Equatable {
  /// The absolute (or directory-relative) path that will be executed.
  var executable: String
  /// The arguments after the program name.
  var arguments: [String]

  /// Why a command cannot be started.
  struct Failure: Error, Equatable {
    var reason: String
  }

  /// Resolves `command[0]` like a shell does: a name with a slash is a path (relative to
  /// `workingDirectory` when given), any other name is looked up on `path`.
  static func resolve(_ command: [String], path: String?, workingDirectory: String?)
    throws(Failure) -> JudgeCommand
  {
    guard let name = command.first, !name.isEmpty else {
      throw Failure(reason: "no command given (put it after --, e.g. -- python3 solution.py)")
    }
    let arguments = Array(command.dropFirst())
    if name.contains("/") {
      var file = name
      if !name.hasPrefix("/"), let workingDirectory { file = workingDirectory + "/" + name }
      if let problem = problem(with: file) {
        throw Failure(reason: problem.reason(file))
      }
      return JudgeCommand(executable: file, arguments: arguments)
    }
    let searchPath = path ?? "/usr/local/bin:/usr/bin:/bin"
    var firstProblem: (String, Problem)? = nil
    for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
      let base = directory.isEmpty ? "." : String(directory)
      let file = base + "/" + name
      switch problem(with: file) {
      case nil: return JudgeCommand(executable: file, arguments: arguments)
      case .missing?: continue
      case let other?: if firstProblem == nil { firstProblem = (file, other) }
      }
    }
    if let (file, problem) = firstProblem { throw Failure(reason: problem.reason(file)) }
    throw Failure(reason: "not found on PATH")
  }

  /// The command with paths relative to `directory` made absolute: the executable, and each
  /// argument that names an existing file or directory there (`python3 solution.py`), so
  /// the program can run in a directory of its own and still find what the learner meant.
  func anchored(in directory: String) -> JudgeCommand {
    func absolute(_ path: String) -> String { directory + "/" + path }
    let executable = self.executable.hasPrefix("/") ? self.executable : absolute(self.executable)
    let arguments = self.arguments.map { argument in
      argument.isEmpty || argument.hasPrefix("/") || argument.hasPrefix("-")
        || access(absolute(argument), F_OK) != 0
        ? argument : absolute(argument)
    }
    return JudgeCommand(executable: executable, arguments: arguments)
  }

  enum Problem: Equatable {
    case missing
    case directory
    case notExecutable
    case badInterpreter(String)
    case notAProgram

    func reason(_ file: String) -> String {
      switch self {
      case .missing: "\(file): no such file"
      case .directory: "\(file) is a directory"
      case .notExecutable: "\(file) is not executable (try chmod +x \(file))"
      case .badInterpreter(let interpreter):
        "\(file) starts with #!\(interpreter), which does not exist"
      case .notAProgram:
        "\(file) is neither a compiled program nor a script with a #! line"
          + " (e.g. #!/usr/bin/env python3)"
      }
    }
  }

  /// What stops `file` from being executed, or nil when it looks runnable.
  static func problem(with file: String) -> Problem? {
    var info = stat()
    guard stat(file, &info) == 0 else { return .missing }
    if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
    guard access(file, X_OK) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      return .notExecutable
    }
    switch kind(of: file) {
    case .binary, .unreadable: return nil
    case .script(let interpreter):
      return access(interpreter, X_OK) == 0 ? nil : .badInterpreter(interpreter)
    case .other: return .notAProgram
    }
  }

  /// What an executable file holds, judged by its first bytes.
  enum Kind: Equatable {
    case binary
    case script(interpreter: String)
    /// Text without a #! line: execvp would quietly run it with /bin/sh.
    case other
    case unreadable
  }

  static func kind(of file: String) -> Kind {
    let fd = open(file, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return .unreadable }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count < 0 { return .unreadable }
    if count >= 4, buffer[0..<4] == [0x7f, 0x45, 0x4c, 0x46] { return .binary }  // ELF
    guard count > 2, buffer[0] == UInt8(ascii: "#"), buffer[1] == UInt8(ascii: "!") else {
      return .other
    }
    let line = buffer[2..<count].prefix { $0 != UInt8(ascii: "\n") }
    let words = String(decoding: line, as: UTF8.self).split(whereSeparator: {
      $0 == " " || $0 == "\t" || $0 == "\r"
    })
    return words.first.map { .script(interpreter: String($0)) } ?? .other
  }
}
