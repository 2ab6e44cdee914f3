/// n integers and a k, the instance of every problem whose input is line 1 `n k` and line 2
/// the n integers (kth-largest, window-max, top-k-frequent).
struct ValuesWithK: Equatable, Sendable {
  var values: [Int]
  var k: Int

  /// The instance as the program reads it.
  var input: String { JudgeText.input(["\(values.count) \(k)", JudgeText.line(values)]) }

  /// Reads `n k` and then n integers; nil when the text is malformed, k is below 1, or
  /// `accepts` refuses k for these values.
  static func parse(_ input: String, accepts: (_ k: Int, _ values: [Int]) -> Bool) -> ValuesWithK? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt(), let k = reader.nextInt(), k >= 1,
      let values = reader.nextInts(count), accepts(k, values)
    else { return nil }
    return ValuesWithK(values: values, k: k)
  }
}
