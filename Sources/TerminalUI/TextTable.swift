/// A plain-text table: a header row, a rule, and rows of cells lined up in columns.
///
/// Widths are measured in terminal columns (`DisplayWidth`), so cells may hold colour codes
/// or wide characters. Columns are separated by two spaces; lines carry no trailing spaces.
///
/// ```
/// Stampede: store loads per cure
/// cure           loads  p99
/// -------------  -----  -------
/// none              50  41.2 ms
/// single-flight      1  22.0 ms
/// ```
public struct TextTable: Sendable, Equatable {
  /// One column: its header and the side its cells sit on.
  public struct Column: Sendable, Equatable {
    public var header: String
    public var alignment: TextAlignment

    public init(_ header: String, alignment: TextAlignment = .left) {
      self.header = header
      self.alignment = alignment
    }
  }

  /// A line printed above the table, or nil for none.
  public var title: String?
  public var columns: [Column]
  /// The rows added so far, each as many cells as there are columns.
  public private(set) var rows: [[String]] = []

  public init(title: String? = nil, columns: [Column]) {
    self.title = title
    self.columns = columns
  }

  /// A table with left-aligned columns, except those named in `rightAligned` (numbers).
  public init(title: String? = nil, headers: [String], rightAligned: Set<Int> = []) {
    self.init(
      title: title,
      columns: headers.enumerated().map { index, header in
        Column(header, alignment: rightAligned.contains(index) ? .right : .left)
      })
  }

  /// Appends a row; missing cells are empty and cells beyond the last column are dropped.
  public mutating func addRow(_ cells: [String]) {
    var row = Array(cells.prefix(columns.count))
    row += Array(repeating: "", count: columns.count - row.count)
    rows.append(row)
  }

  /// The table as lines joined by newlines, without a final newline.
  public func render() -> String {
    let widths = columns.indices.map { column in
      rows.reduce(DisplayWidth.visibleWidth(columns[column].header)) {
        max($0, DisplayWidth.visibleWidth($1[column]))
      }
    }
    var lines: [String] = []
    if let title { lines.append(title) }
    lines.append(line(columns.map(\.header), widths: widths))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for row in rows {
      lines.append(line(row, widths: widths))
    }
    return lines.map(withoutTrailingSpaces).joined(separator: "\n")
  }

  private func line(_ cells: [String], widths: [Int]) -> String {
    cells.indices.map { column in
      DisplayWidth.padded(
        cells[column], toWidth: widths[column], alignment: columns[column].alignment)
    }.joined(separator: "  ")
  }
}

/// `line` without the spaces at its end.
func withoutTrailingSpaces(_ line: String) -> String {
  var line = Substring(line)
  while line.last == " " { line.removeLast() }
  return String(line)
}
