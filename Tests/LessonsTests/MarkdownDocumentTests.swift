import Lessons
import Testing

@Suite struct MarkdownDocumentTests {
  @Test func headingsCodeBlocksAndLinesAreCopiedOut() {
    let document = MarkdownDocument.parse(
      "# Title {#intro}\n\nSome *text*.\n\n```redis\nSET rt:a 1\n```\n", firstLine: 10)
    #expect(document.children.count == 3)
    #expect(document.children[0].kind == .heading(level: 1))
    #expect(document.children[0].plainText == "Title {#intro}")
    #expect(document.children[0].startLine == 10)
    #expect(document.children[2].kind == .codeBlock(info: "redis"))
    #expect(document.children[2].literal == "SET rt:a 1\n")
    #expect(document.children[2].startLine == 14)
  }
}
