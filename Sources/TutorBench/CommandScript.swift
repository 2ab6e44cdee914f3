import DeterministicRandom

/// A reproducible file of Redis commands, one per line, as a learner might pipe in.
///
/// Mixes SET, GET, INCR, LPUSH and HSET over a thousand keys of each type (so no command
/// meets a key of the wrong type), with an occasional quoted argument holding spaces.
enum CommandScript {
  /// `count` lines of commands, each ending in a newline; the same for the same count.
  static func make(count: Int) -> [UInt8] {
    var random = SplitMix64(seed: 20_000)
    var text = ""
    text.reserveCapacity(count * 32)
    for index in 0..<count {
      let key = random.int(in: 0..<1_000)
      switch random.int(in: 0..<10) {
      case 0, 1: text += "SET user:\(key) value-\(index)\n"
      case 2: text += "SET \"greeting:\(key)\" \"hello world \(index)\"\n"
      case 3, 4: text += "GET user:\(key)\n"
      case 5, 6: text += "INCR counter:\(key)\n"
      case 7: text += "LPUSH queue:\(key) job-\(index)\n"
      default: text += "HSET hash:\(key) field\(random.int(in: 0..<8)) \(index)\n"
      }
    }
    return Array(text.utf8)
  }
}
