#if canImport(Glibc)
  import Glibc
#endif

/// One process as /proc/PID/stat describes it.
public struct ProcessEntry: Sendable, Equatable {
  public var pid: Int32
  public var state: UInt8
  public var parent: Int32
  public var group: Int32
  /// Clock ticks after boot; with the pid it names a process even if the pid is reused.
  public var startTime: UInt64
  /// Resident pages, shared ones (MAP_SHARED, file-backed) included.
  public var residentPages: Int = 0

  public init(
    pid: Int32, state: UInt8, parent: Int32, group: Int32, startTime: UInt64,
    residentPages: Int = 0
  ) {
    self.pid = pid
    self.state = state
    self.parent = parent
    self.group = group
    self.startTime = startTime
    self.residentPages = residentPages
  }

  /// Zombies and dead processes hold no resources and cannot be killed again.
  public var isLive: Bool { state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") }
}

/// Reads the process table from /proc.
///
/// Parentage is how the drill judge and the stage tester find everything a program started:
/// the program runs below a child subreaper (`Spawn.startReaped`), so even a descendant that
/// left its group and lost its parent stays below that reaper (see `ProcessFamily`).
public enum ProcessTable {
  /// Every process now running (threads are not listed).
  public static func snapshot() -> [ProcessEntry] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var entries: [ProcessEntry] = []
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
  public static func read(_ pid: Int32) -> ProcessEntry? {
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
  public static func parse(pid: Int32, stat: ArraySlice<UInt8>) -> ProcessEntry? {
    guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
    var fields: [ArraySlice<UInt8>] = []
    var start: Int? = nil
    var index = close + 1
    while index < stat.endIndex, fields.count < 22 {
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
    if let begin = start, fields.count < 22 { fields.append(stat[begin..<index]) }
    // After the name: state ppid pgrp session ... starttime is the 20th field, rss the 22nd.
    guard fields.count >= 20, let state = fields[0].first,
      let parent = Int32(number(fields[1])), let group = Int32(number(fields[2])),
      let startTime = UInt64(number(fields[19]))
    else { return nil }
    return ProcessEntry(
      pid: pid, state: state, parent: parent, group: group, startTime: startTime,
      residentPages: fields.count > 21 ? Int(number(fields[21])) ?? 0 : 0)
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}

/// Everything one program started: the live descendants of the child subreaper it runs
/// below, so they can be counted, weighed and stopped.
///
/// No process can leave this family: forking keeps it below its parent, and when a parent
/// dies (after setsid or not) the kernel hands its orphans to the nearest subreaper above,
/// the family's reaper, instead of to init. A reaper runs one program at a time, so
/// everything below it is that program's.
public struct ProcessFamily {
  /// The child subreaper the program runs below (the launcher's bash, or a reaper of its own).
  public let reaper: Int32

  public init(reaper: Int32) { self.reaper = reaper }

  /// Live processes in the family now.
  public func live(in table: [ProcessEntry]) -> [ProcessEntry] {
    var children: [Int32: [ProcessEntry]] = [:]
    for entry in table { children[entry.parent, default: []].append(entry) }
    var members: [ProcessEntry] = []
    var queue = [reaper]
    while let pid = queue.popLast() {
      for child in children[pid] ?? [] {
        queue.append(child.pid)
        if child.isLive { members.append(child) }
      }
    }
    return members
  }

  /// Bytes the family holds in memory: resident pages, shared mappings included, which
  /// the memory rlimit (RLIMIT_DATA) does not count.
  public func residentBytes(of members: [ProcessEntry]) -> Int {
    members.reduce(0) { $0 + $1.residentPages } * Self.pageSize
  }

  public static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Whether the reaper may still have a descendant (cheap: one small file, no /proc scan).
  ///
  /// Every live descendant hangs below a child of the reaper, and the reaper is one
  /// thread, so its children file lists them all; unreadable, it answers yes.
  public var mayExist: Bool {
    let fd = open("/proc/\(reaper)/task/\(reaper)/children", O_RDONLY | O_CLOEXEC)
    if fd < 0 { return true }
    defer { close(fd) }
    var byte: UInt8 = 0
    return Glibc.read(fd, &byte, 1) != 0
  }

  /// The pids of the family's live processes now.
  public func livePIDs() -> [Int32] { mayExist ? live(in: ProcessTable.snapshot()).map(\.pid) : [] }

  /// Kills the whole family with SIGKILL until none is left or `timeout` passes.
  ///
  /// Returns how many live processes were found on the first look (0 means nothing ran).
  @discardableResult
  public func killAll(timeout: Double = 3) -> Int {
    let deadline = MonotonicClock.now + timeout
    var first: Int? = nil
    while true {
      let left = mayExist ? live(in: ProcessTable.snapshot()) : []
      if first == nil { first = left.count }
      for entry in left { kill(entry.pid, SIGKILL) }
      if left.isEmpty || MonotonicClock.now >= deadline { return first ?? 0 }
      usleep(1_000)
    }
  }
}

/// Seconds on the monotonic clock, for deadlines that must not move with the wall clock.
public enum MonotonicClock {
  public static var now: Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }
}
