import ArgumentParser
import TutorApp

#if canImport(Glibc)
  import Glibc
#endif

/// Dispatches `redis-tutor WORD …` to a subcommand, or everything else to the shell.
///
/// The shell takes a Redis command as trailing words (`redis-tutor GET key`), so subcommands
/// are recognised by their first word before the shell's parser sees the arguments.
@main
enum Main {
  /// The subcommands by the word that selects them.
  static let subcommands: [String: any ParsableCommand.Type] = [
    "lessons": LessonsCommand.self,
    "lesson": LessonCommand.self,
    "progress": ProgressCommand.self,
    "drill": DrillCommand.self,
    "quiz": QuizCommand.self,
    "sessions": SessionsCommand.self,
    "replay": ReplayCommand.self,
    "export": ExportCommand.self,
    "sandbox": SandboxInfoCommand.self,
  ]

  static func main() {
    // Everything the tutor writes (progress, history, recordings, the sandbox's data) is the
    // learner's alone.
    umask(0o077)
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "lesson", !LessonCommand.wantsPrint(arguments),
      arguments.count >= 2, Int(arguments[1]) != nil
    {
      // `redis-tutor lesson 3 [shell options]` is the shell opened on day 3.
      let shellArguments = ["--lesson", arguments[1]] + arguments.dropFirst(2)
      openShell(shellArguments)
    } else if arguments.first == "demo" {
      DemoCommand.main(commandLine: Array(arguments.dropFirst()))
    } else if arguments.first == "serve" {
      // The Day 6 service is its own program, so Hummingbird and NIO stay out of the shell.
      CompanionProgram.service.exec(Array(arguments.dropFirst()))
    } else if arguments.first == "worker" {
      // The service's notification workers, in a process of their own.
      CompanionProgram.service.exec(["worker"] + arguments.dropFirst())
    } else if arguments.first == "test" {
      // The stage tester (HTTP fakes and probes for the learner's own programs) is a
      // program of its own too, built on first use.
      CompanionProgram.stageTester.exec(Array(arguments.dropFirst()))
    } else if let word = arguments.first, let command = subcommands[word] {
      command.main(Array(arguments.dropFirst()))
    } else {
      openShell(arguments)
    }
  }

  /// Runs the shell for `arguments` (its flags, or a Redis command to run once).
  ///
  /// A usual start-up on the sandbox starts redis-server at once, so it loads while the shell
  /// is built, and skips ArgumentParser (see `ShellFlags.parseCommon`); any other command line
  /// is parsed by `ShellCommand`.
  private static func openShell(_ arguments: [String]) -> Never {
    if let flags = ShellFlags.parseCommon(arguments),
      let request = try? flags.request(environment: ProcessEnvironment.current)
    {
      TutorShell.startSandboxEarly()
      exit(TutorShell.run(request))
    }
    ShellCommand.main(arguments)
    exit(0)
  }
}
