import ArgumentParser
import RedisSandbox
import TutorApp
import TutorFiles

/// `redis-tutor sandbox url`: the address the learner's own programs use for the sandbox.
struct SandboxInfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor sandbox",
    abstract: "Where the sandbox server is, for your own programs.",
    subcommands: [URLCommand.self])

  /// Prints the sandbox's `redis://` URL, password included.
  struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "url",
      abstract: "Print the running sandbox's redis:// URL (with its password).",
      discussion: """
        The sandbox runs while a redis-tutor uses it (the shell, serve, a demo worker), on \
        127.0.0.1 with a password that only you can read. Use the URL in your own programs: \
        REDIS_URL="$(redis-tutor sandbox url)" go run . — programs the tutor starts get it \
        in REDIS_URL already.
        """)

    func run() throws {
      let paths = TutorPaths(environment: ProcessEnvironment.current)
      let sandbox: Sandbox
      do {
        sandbox = try Sandbox(directory: paths.sandboxDirectory)
      } catch {
        printError("redis-tutor: \(error)")
        throw ExitCode(1)
      }
      guard let url = sandbox.runningURL() else {
        printError(
          "redis-tutor: the sandbox is not running; it runs while a redis-tutor uses it: start `redis-tutor` in another terminal and ask again."
        )
        throw ExitCode(1)
      }
      print(url)
    }
  }
}
