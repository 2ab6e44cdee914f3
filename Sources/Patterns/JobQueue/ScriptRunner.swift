import RedisClient

/// One script invocation: which script, its keys and its arguments.
struct ScriptCall {
  let script: QueueScript
  let keys: [String]
  let arguments: [[UInt8]]
}

/// The SHA1 of each script, once Redis has told us (SCRIPT LOAD), shared by all connections.
///
/// A script's SHA never changes, but a restarted (or flushed) server forgets its scripts;
/// `Connection.run` then gets NOSCRIPT, loads the script again and re-sends.
private let loadedScriptHashes = Locked<[String: String]>([:])

extension Connection {
  /// Runs one script with EVALSHA, loading it first if needed; an error reply is thrown.
  func run(_ script: QueueScript, keys: [String], arguments: [[UInt8]]) throws -> Reply {
    try run([ScriptCall(script: script, keys: keys, arguments: arguments)])[0]
  }

  /// Runs scripts in one pipeline, loading and re-sending any that Redis did not know.
  ///
  /// NOSCRIPT means the script did not run, so re-sending cannot run it twice.
  func run(_ calls: [ScriptCall]) throws -> [Reply] {
    guard !calls.isEmpty else { return [] }
    for call in calls where loadedScriptHashes.current[call.script.name] == nil {
      try load(call.script)
    }
    var replies = try pipeline(calls.map(evalCommand))
    let missing = replies.indices.filter { Self.isNoScript(replies[$0]) }
    if !missing.isEmpty {
      for name in Set(missing.map { calls[$0].script.name }) {
        try load(calls[missing.first { calls[$0].script.name == name }!].script)
      }
      let resent = try pipeline(missing.map { evalCommand(calls[$0]) })
      for (index, reply) in zip(missing, resent) { replies[index] = reply }
    }
    for (call, reply) in zip(calls, replies) {
      if case .error(let message) = reply {
        throw JobQueueError.redisError(
          command: "queue script '\(call.script.name)'",
          message: String(decoding: message, as: UTF8.self))
      }
    }
    return replies
  }

  private func evalCommand(_ call: ScriptCall) -> [[UInt8]] {
    let sha = loadedScriptHashes.current[call.script.name] ?? ""
    return [argument("EVALSHA"), argument(sha), argument(call.keys.count)]
      + call.keys.map(argument) + call.arguments
  }

  private func load(_ script: QueueScript) throws {
    let reply = try queueSend(["SCRIPT", "LOAD", script.source])
    guard case .bulk(let sha) = reply else {
      throw JobQueueError.unexpectedReply(command: "SCRIPT LOAD", reply: reply)
    }
    loadedScriptHashes.withLock { $0[script.name] = String(decoding: sha, as: UTF8.self) }
  }

  private static func isNoScript(_ reply: Reply) -> Bool {
    if case .error(let message) = reply { return message.starts(with: Array("NOSCRIPT".utf8)) }
    return false
  }
}
