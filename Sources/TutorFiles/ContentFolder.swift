import Foundation

/// Finds a content folder the tutor reads at run time (`lessons/`, `drills/`).
///
/// In order: a folder named on the command line, the folder in the environment variable,
/// `./NAME`, a `NAME/` beside the program or in a folder above it (so a built binary finds
/// its repository's), then the installed share folders.
public enum ContentFolder {
  /// The first candidate that is a directory, or the places tried.
  ///
  /// `name` is the folder's name (`lessons`), `variable` the environment variable that names
  /// it (`REDIS_TUTOR_LESSONS`), `explicit` a folder given with `flag` (`--lessons DIR`).
  public static func find(
    _ name: String, variable: String, flag: String? = nil, explicit: String? = nil,
    environment: [String: String]
  ) -> Result<String, ContentFolderMissing> {
    var candidates: [String] = []
    if let explicit {
      candidates = [explicit]
    } else if let fromEnvironment = environment[variable], !fromEnvironment.isEmpty {
      candidates = [fromEnvironment]
    } else {
      candidates.append(FileManager.default.currentDirectoryPath + "/" + name)
      let executable =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
      var folder = (executable as NSString).deletingLastPathComponent
      while folder.count > 1 {
        candidates.append(folder + "/" + name)
        folder = (folder as NSString).deletingLastPathComponent
      }
      candidates += ["/usr/local/share/redis-tutor/" + name, "/usr/share/redis-tutor/" + name]
    }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return .success(candidate)
      }
    }
    let shown = candidates.count > 4 ? Array(candidates.prefix(3)) + ["…"] : candidates
    return .failure(
      ContentFolderMissing(name: name, variable: variable, flag: flag, lookedIn: shown))
  }
}

/// No content folder was found; says where it looked and what to set.
public struct ContentFolderMissing: Error, Sendable, CustomStringConvertible {
  /// The folder's name (`lessons`).
  public var name: String
  /// The environment variable that names it.
  public var variable: String
  /// The command-line flag that names it, if there is one (`--lessons DIR`).
  public var flag: String?
  /// The folders looked in, in order.
  public var lookedIn: [String]

  public init(name: String, variable: String, flag: String?, lookedIn: [String]) {
    self.name = name
    self.variable = variable
    self.flag = flag
    self.lookedIn = lookedIn
  }

  public var description: String {
    let pass = flag.map { "pass \($0) or " } ?? ""
    return
      "no \(name) folder found (looked in \(lookedIn.joined(separator: ", "))); \(pass)set \(variable) to the \(name) folder of a redis-tutor checkout"
  }
}
