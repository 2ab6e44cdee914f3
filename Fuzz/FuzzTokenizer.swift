import RedisCLIFormat

/// libFuzzer entry: the typed-line parser, hints and completion on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let violations = FuzzEntryPoints.tokenizer(bytes)
  if !violations.isEmpty { fatalError("tokenizer invariant broken: \(violations)") }
  return 0
}
