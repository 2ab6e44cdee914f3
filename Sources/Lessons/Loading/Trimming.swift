extension StringProtocol {
  /// The text without leading and trailing whitespace.
  ///
  /// Works on Unicode scalars: the lesson loader trims every line, and the `Character`-based
  /// way (reversing, dropping) was most of the time it took to load the week.
  public func trimmed() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(String.UnicodeScalarView(scalars[first...last]))
  }
}
