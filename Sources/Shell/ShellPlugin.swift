/// A feature plugged into the shell: its meta-commands and the moments it wants to hear of.
///
/// The shell knows no feature by name. The lessons, the quiz, the recorder and the demos
/// each conform and are installed once with `Shell.install(_:)`; every hook has a default
/// that does nothing, so a plugin implements only what it uses.
public protocol ShellPlugin: AnyObject {
  /// The meta-commands this feature adds, registered when it is installed.
  var metaCommands: [MetaCommand] { get }
  /// Text put before the redis-cli prompt on a terminal (the lesson's block and time);
  /// `compact` asks for a shorter form when the full prompt would leave little room to type.
  func promptSegment(compact: Bool) -> String?
  /// Before each prompt is shown.
  func shellWillPrompt(_ shell: Shell)
  /// After each Redis command, or piped batch, reached the server.
  func shellDidRunCommands(_ shell: Shell)
  /// Just before a command is sent (secrets included).
  func shellWillSend(_ argv: [[UInt8]])
  /// After a command got its reply.
  func shellDidReceive(_ event: CommandEvent)
  /// After a meta-command ran; `words` are its name (without the colon, lower-case) and its
  /// arguments, so a feature can follow the lab actions (`:sandbox crash`).
  func shellDidRunMetaCommand(_ shell: Shell, words: [String])
  /// Once, when the shell's loop ends.
  func shellWillExit(_ shell: Shell)
}

extension ShellPlugin {
  public var metaCommands: [MetaCommand] { [] }
  public func promptSegment(compact: Bool) -> String? { nil }
  public func shellWillPrompt(_ shell: Shell) {}
  public func shellDidRunCommands(_ shell: Shell) {}
  public func shellWillSend(_ argv: [[UInt8]]) {}
  public func shellDidReceive(_ event: CommandEvent) {}
  public func shellDidRunMetaCommand(_ shell: Shell, words: [String]) {}
  public func shellWillExit(_ shell: Shell) {}
}

/// A plugin that only adds meta-commands, for a feature that needs no other hook.
public final class MetaCommandSet: ShellPlugin {
  public let metaCommands: [MetaCommand]

  public init(_ metaCommands: [MetaCommand]) { self.metaCommands = metaCommands }
}
