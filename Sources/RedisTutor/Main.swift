import ArgumentParser

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
    "demo": DemoCommand.self,
  ]

  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "lesson", !LessonCommand.wantsPrint(arguments),
      arguments.count >= 2, Int(arguments[1]) != nil
    {
      // `redis-tutor lesson 3 [shell options]` is the shell opened on day 3.
      ShellCommand.main(["--lesson", arguments[1]] + arguments.dropFirst(2))
    } else if let word = arguments.first, let command = subcommands[word] {
      command.main(Array(arguments.dropFirst()))
    } else {
      ShellCommand.main()
    }
  }
}
