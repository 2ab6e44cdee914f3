/// One unit of text the wrapper places on a line.
public enum WrapAtom: Equatable, Sendable {
  /// A word: never split unless it is wider than a whole line.
  case word([StyledRun])
  /// The space between two words, dropped when the line breaks there.
  case space(TextStyle)
  /// A hard line break.
  case lineBreak
}

/// Collects styled text into words, spaces and line breaks for `LineWrapper`.
///
/// Runs of whitespace collapse into one space, as they do when Markdown is displayed.
public struct WordCollector {
  public private(set) var atoms: [WrapAtom] = []
  private var word: [StyledRun] = []

  public init() {}

  /// Adds `text` in `style`; whitespace in it separates words.
  public mutating func append(_ text: String, style: TextStyle) {
    for character in text {
      if character.isWhitespace {
        finishWord()
        if let last = atoms.last, case .word = last { atoms.append(.space(style)) }
      } else if let last = word.last, last.style == style {
        word[word.count - 1].text.append(character)
      } else {
        word.append(StyledRun(String(character), style))
      }
    }
  }

  /// Ends the current line here.
  public mutating func breakLine() {
    finishWord()
    if let last = atoms.last, case .space = last { atoms.removeLast() }
    atoms.append(.lineBreak)
  }

  /// The words, spaces and breaks collected so far, the last word included.
  public mutating func finish() -> [WrapAtom] {
    finishWord()
    return atoms
  }

  private mutating func finishWord() {
    if !word.isEmpty {
      atoms.append(.word(word))
      word = []
    }
  }
}

/// Fills lines greedily up to a display width.
public struct LineWrapper {
  /// The widest a line may be, in columns (at least 1).
  public let width: Int

  public init(width: Int) {
    self.width = max(1, width)
  }

  /// The atoms laid out in lines no wider than `width`.
  ///
  /// A word wider than a line is split between characters; a character wider than a line
  /// still gets a line of its own.
  public func wrap(_ atoms: [WrapAtom]) -> [[StyledRun]] {
    var layout = Layout(width: width)
    for atom in atoms {
      switch atom {
      case .space(let style):
        if layout.currentWidth > 0 { layout.pendingSpace = style }
      case .lineBreak:
        layout.startLine()
      case .word(let runs):
        layout.place(runs)
      }
    }
    return layout.finish()
  }

  private struct Layout {
    let width: Int
    var lines: [[StyledRun]] = []
    var current: [StyledRun] = []
    var currentWidth = 0
    var pendingSpace: TextStyle?
    var hasContent = false

    init(width: Int) {
      self.width = width
    }

    mutating func startLine() {
      lines.append(current)
      current = []
      currentWidth = 0
      pendingSpace = nil
      hasContent = true
    }

    mutating func place(_ runs: [StyledRun]) {
      hasContent = true
      let wordWidth = runs.reduce(0) { $0 + DisplayWidth.visibleWidth($1.text) }
      let spaceWidth = pendingSpace == nil ? 0 : 1
      if currentWidth > 0 {
        if currentWidth + spaceWidth + wordWidth <= width {
          if let pendingSpace { current.append(StyledRun(" ", pendingSpace)) }
          append(runs, width: spaceWidth + wordWidth)
          return
        }
        startLine()
      }
      pendingSpace = nil
      if wordWidth <= width {
        append(runs, width: wordWidth)
      } else {
        placeSplitting(runs)
      }
    }

    /// Places a word wider than the line one character at a time.
    private mutating func placeSplitting(_ runs: [StyledRun]) {
      for run in runs {
        for character in run.text {
          let characterWidth = DisplayWidth.visibleWidth(of: character)
          if currentWidth > 0 && currentWidth + characterWidth > width { startLine() }
          append([StyledRun(String(character), run.style)], width: characterWidth)
        }
      }
    }

    private mutating func append(_ runs: [StyledRun], width addedWidth: Int) {
      current += runs
      currentWidth += addedWidth
      pendingSpace = nil
    }

    mutating func finish() -> [[StyledRun]] {
      if !current.isEmpty || (hasContent && lines.isEmpty) { lines.append(current) }
      return lines
    }
  }
}
