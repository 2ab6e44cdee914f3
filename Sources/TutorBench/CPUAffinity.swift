#if canImport(Glibc)
  import Glibc
#endif

/// Pins the harness, and through inheritance everything it starts, to one CPU.
///
/// On the 2-vCPU machine this was written on, a request/reply round trip between processes
/// on different CPUs costs about 2.5 times one on the same CPU, and the scheduler moves
/// processes between the two at will: unpinned, the same program measured 21,000 or 53,000
/// SETs/s from run to run. Pinned, every program meets the same conditions.
enum CPUAffinity {
  private typealias AffinityCall = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32

  /// Restricts this process to the allowed CPU that was idlest over the last 100 ms;
  /// returns that CPU, or nil when it is already on one CPU or the call is unavailable.
  static func pinToOneCPU() -> Int? {
    // Swift's Glibc module declares the affinity calls only under _GNU_SOURCE.
    guard let library = dlopen(nil, RTLD_NOW),
      let getAddress = dlsym(library, "sched_getaffinity"),
      let setAddress = dlsym(library, "sched_setaffinity")
    else { return nil }
    let getAffinity = unsafeBitCast(getAddress, to: AffinityCall.self)
    let setAffinity = unsafeBitCast(setAddress, to: AffinityCall.self)
    var mask = [UInt8](repeating: 0, count: 128)  // sizeof(cpu_set_t): 1,024 CPUs
    guard mask.withUnsafeMutableBytes({ getAffinity(0, $0.count, $0.baseAddress!) }) == 0 else {
      return nil
    }
    let allowed = (0..<mask.count * 8).filter { mask[$0 / 8] & (1 << ($0 % 8)) != 0 }
    guard allowed.count > 1 else { return nil }
    let before = idleTicks()
    Measurements.pause(.milliseconds(100))
    let after = idleTicks()
    let chosen =
      allowed.max { (after[$0] ?? 0) - (before[$0] ?? 0) < (after[$1] ?? 0) - (before[$1] ?? 0) }
      ?? allowed[0]
    var single = [UInt8](repeating: 0, count: mask.count)
    single[chosen / 8] = 1 << (chosen % 8)
    let result = single.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) }
    return result == 0 ? chosen : nil
  }

  /// Idle plus iowait ticks per CPU, from /proc/stat.
  private static func idleTicks() -> [Int: Int] {
    guard let bytes = try? Files.read("/proc/stat") else { return [:] }
    var ticks: [Int: Int] = [:]
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count > 5, fields[0].hasPrefix("cpu"), let cpu = Int(fields[0].dropFirst(3))
      else { continue }
      ticks[cpu] = (Int(fields[4]) ?? 0) + (Int(fields[5]) ?? 0)
    }
    return ticks
  }
}
