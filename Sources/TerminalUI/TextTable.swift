/// A plain-text table: a header row, a rule, and rows of cells lined up in columns.
///
/// Widths are measured in terminal columns (`DisplayWidth`), so cells may hold colour codes
/// or wide characters. Columns are separated by two spaces; lines carry no trailing spaces.
/// The rule, or the whole header, can be left out (`headerStyle`), and a column can be
/// capped so a long cell is cut with an ellipsis instead of pushing the table off screen.
///
/// ```
/// Stampede: store loads per cure
/// cure           loads  p99
/// -------------  -----  -------
/// none              50  41.2 ms
/// single-flight      1  22.0 ms
/// ```
public struct TextTable: Sendable, Equatable {
  /// One column: its header, the side its cells sit on, and the most columns it may take.
  public struct Column: Sendable, Equatable {
    public var header: String
    public var alignment: TextAlignment
    /// Cells (and the header) wider than this are cut to it, ending in the table's
    /// `ellipsis`; nil lets the column grow to its widest cell.
    public var maximumWidth: Int?

    public init(_ header: String, alignment: TextAlignment = .left, maximumWidth: Int? = nil) {
      self.header = header
      self.alignment = alignment
      self.maximumWidth = maximumWidth
    }
  }

  /// How the header row is shown.
  public enum HeaderStyle: Sendable, Equatable {
    /// The header, then a dashed rule under each column.
    case underlined
    /// The header alone, for short tables where a rule adds only noise.
    case plain
    /// No header: the rows speak for themselves (a list that lines up).
    case hidden
  }

  /// A line printed above the table, or nil for none.
  public var title: String?
  public var columns: [Column]
  /// Whether the header is shown, and with its rule.
  public var headerStyle: HeaderStyle
  /// What a cut cell ends in: "…", or "..." for terminals that cannot show it.
  public var ellipsis: String
  /// The rows added so far, each as many cells as there are columns.
  public private(set) var rows: [[String]] = []

  public init(
    title: String? = nil, columns: [Column], headerStyle: HeaderStyle = .underlined,
    ellipsis: String = "…"
  ) {
    self.title = title
    self.columns = columns
    self.headerStyle = headerStyle
    self.ellipsis = ellipsis
  }

  /// A table with left-aligned columns, except those named in `rightAligned` (numbers).
  public init(
    title: String? = nil, headers: [String], rightAligned: Set<Int> = [],
    headerStyle: HeaderStyle = .underlined
  ) {
    self.init(
      title: title,
      columns: headers.enumerated().map { index, header in
        Column(header, alignment: rightAligned.contains(index) ? .right : .left)
      },
      headerStyle: headerStyle)
  }

  /// Appends a row; missing cells are empty and cells beyond the last column are dropped.
  public mutating func addRow(_ cells: [String]) {
    var row = Array(cells.prefix(columns.count))
    row += Array(repeating: "", count: columns.count - row.count)
    rows.append(row)
  }

  /// The table as lines joined by newlines, without a final newline.
  public func render() -> String { render(widths: naturalWidths) }

  /// The table in at most `width` columns where it can be, without a final newline.
  ///
  /// A table wider than that narrows its widest columns one column at a time and wraps
  /// their cells onto more lines at spaces, splitting only a word wider than its column. A
  /// left-aligned (text) column gets as narrow as `minimumTextWidth`; a right-aligned one
  /// holds numbers, which are never wrapped, so only its header may wrap, at spaces. A table
  /// that fits is drawn exactly as `render()` draws it.
  public func render(width: Int) -> String {
    var widths = naturalWidths
    let body = shownRows
    let narrowest = columns.indices.map { column -> Int in
      guard columns[column].alignment == .right else {
        return min(widths[column], Self.minimumTextWidth)
      }
      let longestHeaderWord = shownHeader.first?[column].split(separator: " ").map {
        DisplayWidth.visibleWidth(String($0))
      }.max()
      return body.reduce(longestHeaderWord ?? 0) {
        max($0, DisplayWidth.visibleWidth($1[column]))
      }
    }
    let separators = 2 * max(0, columns.count - 1)
    while widths.reduce(separators, +) > width {
      let narrowable = columns.indices.filter { widths[$0] > narrowest[$0] }
      guard let widest = narrowable.max(by: { widths[$0] < widths[$1] }) else { break }
      widths[widest] -= 1
    }
    return render(widths: widths)
  }

  /// The narrowest a text column gets when a table must fit a width.
  public static let minimumTextWidth = 8

  /// The header's cells as shown (cut to their columns' maximum), or none when hidden.
  private var shownHeader: [[String]] {
    headerStyle == .hidden ? [] : [cut(columns.map(\.header))]
  }

  /// The rows as shown: each cell cut to its column's maximum width.
  private var shownRows: [[String]] { rows.map(cut) }

  private var naturalWidths: [Int] {
    let shown = shownHeader + shownRows
    return columns.indices.map { column in
      shown.reduce(0) { max($0, DisplayWidth.visibleWidth($1[column])) }
    }
  }

  private func render(widths: [Int]) -> String {
    var lines: [String] = []
    if let title { lines.append(title) }
    for header in shownHeader { lines += self.lines(header, widths: widths) }
    if headerStyle == .underlined {
      lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    }
    for row in shownRows { lines += self.lines(row, widths: widths) }
    return lines.map(withoutTrailingSpaces).joined(separator: "\n")
  }

  /// One row as one line, or as several when a cell is wider than its column.
  private func lines(_ cells: [String], widths: [Int]) -> [String] {
    let wrapped = cells.indices.map { column -> [String] in
      let cell = cells[column]
      guard DisplayWidth.visibleWidth(cell) > widths[column] else { return [cell] }
      var words = WordCollector()
      words.append(cell, style: .plain)
      return LineWrapper(width: widths[column]).wrap(words.finish()).map {
        StyledRun.render($0, color: false)
      }
    }
    let height = wrapped.map(\.count).max() ?? 1
    return (0..<height).map { index in
      line(wrapped.map { index < $0.count ? $0[index] : "" }, widths: widths)
    }
  }

  /// `cells` with each cut to its column's maximum width.
  private func cut(_ cells: [String]) -> [String] {
    cells.indices.map { column in
      guard let maximumWidth = columns[column].maximumWidth else { return cells[column] }
      return DisplayWidth.truncated(cells[column], toWidth: maximumWidth, ellipsis: ellipsis)
    }
  }

  private func line(_ cells: [String], widths: [Int]) -> String {
    cells.indices.map { column in
      DisplayWidth.padded(
        cells[column], toWidth: widths[column], alignment: columns[column].alignment)
    }.joined(separator: "  ")
  }
}

/// `line` without the spaces at its end, which a terminal does not show but a test or a
/// copied line would.
public func withoutTrailingSpaces(_ line: String) -> String {
  var line = Substring(line)
  while line.last == " " { line.removeLast() }
  return String(line)
}
