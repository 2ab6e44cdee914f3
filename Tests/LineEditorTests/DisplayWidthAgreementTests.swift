import TerminalUI
import Testing

@testable import LineEditor

#if canImport(Glibc)
  import Glibc
#endif

/// The prompt (measured by libedit's `wcwidth`) and everything else the tutor draws (measured
/// by `DisplayWidth`) must count columns alike, or a prompt and the lesson text around it
/// would not line up.
@Suite struct DisplayWidthAgreementTests {
  /// Characters the tutor prints in prompts, messages, tables and charts, by kind.
  static let samples: [(kind: String, text: String)] = [
    ("ASCII", "redis 127.0.0.1:6379[1](TX)> ~!@#$%^&*()_+{}|:\"<>?"),
    ("Latin accents", "é è ê ë à ç ñ ö ü ß Å Ø"),
    ("punctuation the tutor prints", "… · → ← ↔ ⟶ — – − × ± ≤ ≥ • µ ² β ˢ"),
    ("marks of results", "✓ ✗ ⚠ ▶ ◀"),
    ("box drawing and blocks", "─ │ ┤ └ █ ▏ ▎ ▍ ▌ ▋ ▊ ▉ ░ ▁ ▂ ▄ ▆"),
    ("chart glyphs", "● ○ ◆ ◇ ■ □ ▲ △"),
    ("CJK", "日本語 中文 한국어 カタカナ"),
    ("fullwidth forms", "ＡＢＣ１２３"),
    ("emoji the tutor prints", "🎉 ⏰"),
    ("combining marks", "e\u{301} a\u{308} n\u{303}"),
  ]

  /// The editor measures with the locale's `wcwidth`, which is ASCII-only until a UTF-8
  /// character type is set, as the editor itself does when it opens.
  init() {
    #if canImport(Glibc)
      setlocale(LC_CTYPE, "C.UTF-8")
    #endif
  }

  @Test(arguments: samples.map(\.kind))
  func promptAndLessonMeasureTheSameWidth(kind: String) throws {
    let text = try #require(Self.samples.first { $0.kind == kind }).text
    let disagreements = text.filter { $0 != " " }.map(String.init).filter {
      DisplayWidth.visibleWidth($0) != TerminalText.displayWidth(of: $0)
    }
    #expect(
      disagreements.isEmpty,
      "\(kind): DisplayWidth and wcwidth disagree on \(disagreements.map { "\($0) \(DisplayWidth.visibleWidth($0)) vs \(TerminalText.displayWidth(of: $0))" })"
    )
    #expect(DisplayWidth.visibleWidth(text) == TerminalText.displayWidth(of: text))
  }

  /// Where the two measures part; the tutor prints none of these.
  ///
  /// libedit adds up code points while `DisplayWidth` takes a grapheme cluster as a whole,
  /// and a few format and emoji code points sit differently in the two tables. Pinned so a
  /// change to either measure shows up here, and so anyone adding such a character to a
  /// prompt sees the cost.
  static let knownDifferences: [(text: String, displayWidth: Int, wcwidth: Int)] = [
    ("👩\u{200D}💻", 2, 4),  // emoji joined by a zero-width joiner
    ("👍🏽", 2, 4),  // emoji with a skin tone
    ("❤\u{FE0F}", 2, 1),  // text symbol turned emoji by a variation selector
    ("1\u{FE0F}\u{20E3}", 2, 1),  // keycap
    ("🗝", 2, 1),  // text-style emoji inside DisplayWidth's wide emoji range
    ("\u{00AD}", 0, 1),  // soft hyphen
    ("\u{1160}", 1, 0),  // Hangul vowel filler
    ("\u{2028}", 1, 0),  // line separator
  ]

  @Test func theMeasuresDifferOnlyOnCharactersTheTutorDoesNotPrint() {
    let measured = Self.knownDifferences.map {
      "\($0.text) \(DisplayWidth.visibleWidth($0.text)) \(TerminalText.displayWidth(of: $0.text))"
    }
    #expect(measured == Self.knownDifferences.map { "\($0.text) \($0.displayWidth) \($0.wcwidth)" })
    let printed = Self.samples.map(\.text).joined()
    #expect(Self.knownDifferences.allSatisfy { !printed.contains($0.text) })
  }
}
