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
      let key = random.next(below: 1_000)
      switch random.next(below: 10) {
      case 0, 1: text += "SET user:\(key) value-\(index)\n"
      case 2: text += "SET \"greeting:\(key)\" \"hello world \(index)\"\n"
      case 3, 4: text += "GET user:\(key)\n"
      case 5, 6: text += "INCR counter:\(key)\n"
      case 7: text += "LPUSH queue:\(key) job-\(index)\n"
      default: text += "HSET hash:\(key) field\(random.next(below: 8)) \(index)\n"
      }
    }
    return Array(text.utf8)
  }
}

/// A small seeded pseudo-random generator (SplitMix64), so every run pipes the same file.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A number in `0..<bound`.
  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
