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
  public func render() -> String {
    let header = headerStyle == .hidden ? [] : [cut(columns.map(\.header))]
    let body = rows.map(cut)
    let widths = columns.indices.map { column in
      (header + body).reduce(0) { max($0, DisplayWidth.visibleWidth($1[column])) }
    }
    var lines: [String] = []
    if let title { lines.append(title) }
    lines += header.map { line($0, widths: widths) }
    if headerStyle == .underlined {
      lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    }
    lines += body.map { line($0, widths: widths) }
    return lines.map(withoutTrailingSpaces).joined(separator: "\n")
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
