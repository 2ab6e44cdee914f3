/// Arrays drawn as text: heap arrays with marked cells, and a window bracketed over a sequence.
public enum ArrayPicture {
  /// `[1, 3, *2*, 7, *5*]`: the values with the cells at `marked` wrapped in asterisks.
  public static func marked(_ values: [Int], at marked: Set<Int> = []) -> String {
    let cells = values.enumerated().map { index, value in
      marked.contains(index) ? "*\(value)*" : "\(value)"
    }
    return "[" + cells.joined(separator: ", ") + "]"
  }

  /// `1 3 [-1 -3 5] 3`: the items separated by spaces, with `window` (indices) in brackets.
  ///
  /// With `separator` empty the items touch: `ab[cab]cbb`.
  public static func window(_ items: [String], _ window: ClosedRange<Int>?, separator: String = " ")
    -> String
  {
    var text = ""
    for (index, item) in items.enumerated() {
      if index > 0 { text += separator }
      if index == window?.lowerBound { text += "[" }
      text += item
      if index == window?.upperBound { text += "]" }
    }
    if items.isEmpty { text = window == nil ? "(empty)" : "[]" }
    return text
  }
}
