/// The reference programs the tutor is measured against, and the server they share.
struct ReferenceTools {
  let redisServer: String
  let redisCLI: String
  let redisBenchmark: String

  /// Finds all three on PATH, or says which one to install.
  static func locate() throws(HarnessError) -> ReferenceTools {
    func find(_ name: String, package: String) throws(HarnessError) -> String {
      guard let path = Environment.executable(named: name) else {
        throw HarnessError(
          "\(name) not found on PATH: install it with `apt-get install \(package)`")
      }
      return path
    }
    return ReferenceTools(
      redisServer: try find("redis-server", package: "redis-server"),
      redisCLI: try find("redis-cli", package: "redis-tools"),
      redisBenchmark: try find("redis-benchmark", package: "redis-tools"))
  }
}
