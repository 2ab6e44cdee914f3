#if canImport(Glibc)
  import Glibc
#endif

/// One process as /proc/PID/stat describes it.
struct JudgeProcessEntry: Sendable, Equatable {
  var pid: Int32
  var state: UInt8
  var parent: Int32
  var group: Int32
  /// Clock ticks after boot; with the pid it names a process even if the pid is reused.
  var startTime: UInt64

  /// Zombies and dead processes hold no resources and cannot be killed again.
  var isLive: Bool { state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") }
}

/// Reads the process table from /proc.
///
/// Process groups are how the judge finds everything a program started: the spawn puts the
/// program in a group of its own, and children inherit it unless they leave on purpose.
enum JudgeProcessTable {
  /// Every process now running (threads are not listed).
  static func snapshot() -> [JudgeProcessEntry] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var entries: [JudgeProcessEntry] = []
    while let item = readdir(directory) {
      let pid = withUnsafeBytes(of: item.pointee.d_name) { raw -> Int32? in
        var value: Int32 = 0
        var digits = 0
        for byte in raw {
          if byte == 0 { break }
          guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else {
            return nil
          }
          value = value * 10 + Int32(byte - UInt8(ascii: "0"))
          digits += 1
        }
        return digits > 0 ? value : nil
      }
      if let pid, let entry = read(pid) { entries.append(entry) }
    }
    return entries
  }

  /// The entry for one process, or nil when it does not exist.
  static func read(_ pid: Int32) -> JudgeProcessEntry? {
    let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    if fd < 0 { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
    guard count > 0 else { return nil }
    return parse(pid: pid, stat: buffer[0..<count])
  }

  /// Parses a stat line; the command name may hold spaces and parentheses, so fields are
  /// counted from the last ")".
  static func parse(pid: Int32, stat: ArraySlice<UInt8>) -> JudgeProcessEntry? {
    guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
    var fields: [ArraySlice<UInt8>] = []
    var start: Int? = nil
    var index = close + 1
    while index < stat.endIndex, fields.count < 20 {
      let byte = stat[index]
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
        if let begin = start {
          fields.append(stat[begin..<index])
          start = nil
        }
      } else if start == nil {
        start = index
      }
      index += 1
    }
    if let begin = start, fields.count < 20 { fields.append(stat[begin..<index]) }
    // After the name: state ppid pgrp session ... starttime is the 20th field.
    guard fields.count >= 20, let state = fields[0].first,
      let parent = Int32(number(fields[1])), let group = Int32(number(fields[2])),
      let startTime = UInt64(number(fields[19]))
    else { return nil }
    return JudgeProcessEntry(
      pid: pid, state: state, parent: parent, group: group, startTime: startTime)
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}

/// Everything one judged program started, found by process group and by parentage, so it
/// can be counted and stopped.
struct JudgeProcessFamily {
  /// The program's pid, which is also its process group id.
  let leader: Int32
  /// Descendants seen outside the group (they called setsid or setpgid), by pid and start.
  private(set) var strays: [Int32: UInt64] = [:]

  init(leader: Int32) { self.leader = leader }

  /// Live processes in the family now; records descendants that left the group.
  mutating func live(in table: [JudgeProcessEntry]) -> [JudgeProcessEntry] {
    var children: [Int32: [JudgeProcessEntry]] = [:]
    var members: [JudgeProcessEntry] = []
    var known: Set<Int32> = []
    for entry in table {
      children[entry.parent, default: []].append(entry)
      if entry.group == leader {
        known.insert(entry.pid)
        if entry.isLive { members.append(entry) }
      }
    }
    // Walk down from the group: anyone below it belongs to the program.
    var queue = Array(known)
    if !known.contains(leader) { queue.append(leader) }
    while let pid = queue.popLast() {
      for child in children[pid] ?? [] where !known.contains(child.pid) {
        known.insert(child.pid)
        queue.append(child.pid)
        strays[child.pid] = child.startTime
      }
    }
    // Strays stay ours even after their parent died and init adopted them.
    for entry in table where entry.group != leader && entry.isLive {
      if let start = strays[entry.pid], start == entry.startTime { members.append(entry) }
    }
    strays = strays.filter { pid, start in
      table.contains { $0.pid == pid && $0.startTime == start && $0.isLive }
    }
    return members
  }

  /// Whether any process of the group might still exist (cheap; zombies count too).
  var groupMayExist: Bool { kill(-leader, 0) == 0 || errno == EPERM }

  /// Kills the whole family with SIGKILL until none is left or `timeout` passes.
  ///
  /// Returns how many live processes were found on the first look (0 means nothing ran).
  @discardableResult
  mutating func killAll(timeout: Double = 3) -> Int {
    let deadline = JudgeClock.now + timeout
    var first: Int? = nil
    while true {
      kill(-leader, SIGKILL)
      for pid in strays.keys { kill(pid, SIGKILL) }
      let left = groupMayExist || !strays.isEmpty ? live(in: JudgeProcessTable.snapshot()) : []
      if first == nil { first = left.count }
      // Strays that lead groups of their own take their groups with them.
      for entry in left where entry.group == entry.pid && entry.group != leader {
        kill(-entry.group, SIGKILL)
      }
      if left.isEmpty || JudgeClock.now >= deadline { return first ?? 0 }
      usleep(1_000)
    }
  }
}

/// Seconds on the monotonic clock.
enum JudgeClock {
  static var now: Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }
}
