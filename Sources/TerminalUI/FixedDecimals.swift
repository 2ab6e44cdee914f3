#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers with a fixed count of decimals, rounded exactly as C's `printf("%.*f")` rounds.
///
/// Kept on the C library so the digits stay byte for byte those the tables and charts always
/// printed (a tie such as 0.125 rounds to even, "0.12"), without Foundation's `String(format:)`.
public enum FixedDecimals {
  /// `value` with `decimals` digits after the point (`"12.30"` for 12.3 and 2), or with no
  /// point at all when `decimals` is 0; `nan` and `inf` as C writes them.
  public static func of(_ value: Double, decimals: Int) -> String {
    let decimals = Int32(clamping: max(0, min(decimals, 40)))
    // 309 digits before the point at most, a sign, a point and 40 decimals: 400 bytes is enough.
    var buffer = [CChar](repeating: 0, count: 400)
    let length = buffer.withUnsafeMutableBufferPointer { bytes in
      withVaList([decimals, value]) { arguments in
        vsnprintf(bytes.baseAddress, bytes.count, "%.*f", arguments)
      }
    }
    let bytes = buffer.prefix(Int(max(0, min(length, Int32(buffer.count - 1)))))
    return String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
