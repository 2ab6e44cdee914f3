/// A small model of a terminal screen, fed with what the editor wrote, so tests can check
/// what the user sees rather than which escape sequences libedit chose to draw it.
///
/// It knows printable text, CR, LF, BS and the CSI sequences libedit and the editor use for
/// cursor motion and erasing; colours and other sequences are ignored.
struct TerminalScreen {
  private let columns: Int
  private var rows: [[Character]]
  private var row = 0
  private var column = 0

  /// Replays `output` on an empty screen of `columns` x `rowCount`.
  init(columns: Int, rows rowCount: Int, output: [UInt8]) {
    self.columns = columns
    rows = Array(repeating: Array(repeating: " ", count: columns), count: rowCount)
    var iterator = String(decoding: output, as: UTF8.self).makeIterator()
    while let character = iterator.next() {
      if character == "\u{1B}" {
        apply(escapeSequenceFrom: &iterator)
      } else {
        put(character)
      }
    }
  }

  /// The text of the row holding the cursor, without trailing blanks.
  var cursorLine: String { line(row) }

  /// The cursor's column.
  var cursorColumn: Int { column }

  /// The text of row `index`, without trailing blanks.
  func line(_ index: Int) -> String {
    String(String(rows[index]).reversed().drop { $0 == " " }.reversed())
  }

  /// Every row that has text, top to bottom.
  var nonEmptyLines: [String] {
    rows.indices.map(line).filter { !$0.isEmpty }
  }

  private mutating func put(_ character: Character) {
    switch character {
    case "\r": column = 0
    case "\n", "\r\n": lineFeed()
    case "\u{08}": column = max(0, column - 1)
    case "\u{07}": break
    default:
      if column >= columns {
        column = 0
        lineFeed()
      }
      rows[row][column] = character
      column += 1
    }
    if character == "\r\n" { column = 0 }
  }

  private mutating func lineFeed() {
    if row + 1 < rows.count {
      row += 1
    } else {
      rows.removeFirst()
      rows.append(Array(repeating: " ", count: columns))
    }
  }

  private mutating func apply(escapeSequenceFrom iterator: inout String.Iterator) {
    guard iterator.next() == "[" else { return }
    var parameters = ""
    while let character = iterator.next() {
      guard let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) else {
        parameters.append(character)
        continue
      }
      let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
      let count = max(1, numbers.first ?? 1)
      switch character {
      case "A": row = max(0, row - count)
      case "B": row = min(rows.count - 1, row + count)
      case "C": column = min(columns - 1, column + count)
      case "D": column = max(0, column - count)
      case "G": column = min(columns - 1, count - 1)
      case "H":
        row = min(rows.count - 1, max(1, numbers.first ?? 1) - 1)
        column = min(columns - 1, max(1, numbers.count > 1 ? numbers[1] : 1) - 1)
      case "K":
        for index in column..<columns { rows[row][index] = " " }
      case "J":
        for index in column..<columns { rows[row][index] = " " }
        for below in (row + 1)..<rows.count {
          rows[below] = Array(repeating: " ", count: columns)
        }
      default: break
      }
      return
    }
  }
}
