import CSpawn

#if canImport(Glibc)
  import Glibc
#endif

/// Starting child processes with the guarantees Foundation's `Process` lacks: a process group
/// of their own, no inherited descriptors, death with the tutor, and supervisors that keep
/// every descendant in view.
///
/// The one Swift home of the CSpawn C library; each function returns the new pid, or -1 with
/// `errno` set. `arguments[0]` is the program's path. A nil `environment` inherits the
/// tutor's; otherwise it is `NAME=value` strings. Descriptors of -1 mean /dev/null.
public enum Spawn {
  /// Starts `arguments` in its own process group; `parentDeathSignal` (when > 0) is sent to
  /// it if the tutor dies, so a crashed tutor leaves no orphan.
  public static func start(
    _ arguments: [String], environment: [String]?, input: Int32, output: Int32, error: Int32,
    parentDeathSignal: Int32
  ) -> pid_t {
    withCArrays(arguments, environment) { argv, envp in
      cspawn_start(arguments[0], argv, envp, input, output, error, parentDeathSignal)
    }
  }

  /// Like `start` with SIGKILL on the tutor's death, and the child is a child subreaper: any
  /// descendant orphaned by a dying parent, even one that called setsid, stays below it.
  public static func startSubreaper(
    _ arguments: [String], environment: [String]?, input: Int32, output: Int32, error: Int32
  ) -> pid_t {
    withCArrays(arguments, environment) { argv, envp in
      cspawn_start_subreaper(arguments[0], argv, envp, input, output, error)
    }
  }

  /// Starts `arguments` in `directory` (nil: here) below a reaper, and returns the reaper's pid.
  ///
  /// The reaper is a small subreaper process that writes the program's wait status (an
  /// `Int32`, as from waitpid) to `statusFD` when it exits, and lives on until killed.
  /// `program` is set to the program's pid.
  public static func startReaped(
    _ arguments: [String], environment: [String]?, directory: String?, input: Int32,
    output: Int32, error: Int32, statusFD: Int32, program: inout pid_t
  ) -> pid_t {
    var started: pid_t = -1
    let reaper = withCArrays(arguments, environment) { argv, envp in
      cspawn_start_reaped(
        arguments[0], argv, envp, directory, input, output, error, statusFD, &started)
    }
    program = started
    return reaper
  }

  /// Starts `arguments` under a keeper that outlives the tutor and stops the program once no
  /// process holds a shared `flock` on `usersPath` (checked every `pollMilliseconds`), killing
  /// it `graceMilliseconds` after asking it to stop.
  public static func keep(
    _ arguments: [String], environment: [String]? = nil, usersPath: String,
    pollMilliseconds: Int32, graceMilliseconds: Int32
  ) -> pid_t {
    withCArrays(arguments, environment) { argv, envp in
      cspawn_keep(arguments[0], argv, envp, usersPath, pollMilliseconds, graceMilliseconds)
    }
  }

  /// The tutor's own environment as `NAME=value` strings, for a child that gets one more.
  public static func currentEnvironment() -> [String] {
    var entries: [String] = []
    var cursor = environ
    while let entry = cursor.pointee {
      entries.append(String(cString: entry))
      cursor += 1
    }
    return entries
  }

  /// Calls `body` with NULL-terminated C copies of `arguments` and `environment` (nil when
  /// `environment` is), freed afterwards.
  private static func withCArrays(
    _ arguments: [String], _ environment: [String]?,
    _ body: (
      UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
      UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> pid_t
  ) -> pid_t {
    var argv = arguments.map { strdup($0) } + [nil]
    var envp = (environment ?? []).map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    return argv.withUnsafeMutableBufferPointer { argvBuffer in
      envp.withUnsafeMutableBufferPointer { envBuffer in
        body(argvBuffer.baseAddress!, environment == nil ? nil : envBuffer.baseAddress!)
      }
    }
  }
}
