import Foundation
import Testing

@testable import Drills

/// The learner practises on a Go track, so a compiled Go program must run under the
/// default limits (RLIMIT_AS would kill the Go runtime at start) and a Go memory hog must
/// be reported as such.
@Suite(
  "Judge with Go programs",
  .enabled(if: JudgeGo.path != nil, "go is not installed"))
struct JudgeGoTests {
  @Test("a Go solution passes under the default limits; a Go memory hog hits the limit")
  func goPrograms() throws {
    let scratch = try JudgeScratch()
    let sum = try JudgeGo.build(
      "sum",
      """
      package main

      import (
      \t"bufio"
      \t"fmt"
      \t"os"
      )

      func main() {
      \tin := bufio.NewReader(os.Stdin)
      \tvar n, total int
      \tfmt.Fscan(in, &n)
      \tfor i := 0; i < n; i++ {
      \t\tvar x int
      \t\tfmt.Fscan(in, &x)
      \t\ttotal += x
      \t}
      \tfmt.Println(total)
      }
      """, in: scratch)
    let passed = JudgeRunner(command: [sum], limits: JudgeLimits(timePerCase: 30)).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(passed.verdict.isPass, "\(passed.render())")

    let hog = try JudgeGo.build(
      "hog",
      """
      package main

      import "fmt"

      func main() {
      \tvar keep [][]byte
      \tfor i := 0; i < 64; i++ {
      \t\tb := make([]byte, 64<<20)
      \t\tfor j := range b {
      \t\t\tb[j] = 1
      \t\t}
      \t\tkeep = append(keep, b)
      \t}
      \tfmt.Println(len(keep))
      }
      """, in: scratch)
    let report = JudgeRunner(
      command: [hog], limits: JudgeLimits(timePerCase: 30, memoryBytes: 256 << 20)
    ).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(report.verdict == .memoryLimit(test: "edge 1"), "\(report.render())")
  }
}

enum JudgeGo {
  static let path: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return (path.split(separator: ":").map { String($0) + "/go" } + ["/usr/local/go/bin/go"])
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// Builds `source` as a single-file program with `go build`; returns the binary's path.
  static func build(_ name: String, _ source: String, in scratch: JudgeScratch) throws -> String {
    let file = try scratch.script(name + ".go", source, executable: false)
    let binary = scratch.directory + "/" + name
    var environment = ProcessInfo.processInfo.environment
    environment["GOCACHE"] = environment["GOCACHE"] ?? (scratch.directory + "/gocache")
    environment["GO111MODULE"] = "off"
    try JudgeToolchain.compile([path!, "build", "-o", binary, file], environment: environment)
    return binary
  }
}
