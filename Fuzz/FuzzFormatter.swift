import RedisCLIFormat

/// libFuzzer entry: replies decoded from arbitrary bytes, formatted in every mode and read
/// as command docs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormatter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let violations = FuzzEntryPoints.formatter(bytes)
  if !violations.isEmpty { fatalError("formatter invariant broken: \(violations)") }
  return 0
}
