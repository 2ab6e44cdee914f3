import Foundation
import Testing

@testable import RedisCLIFormat

/// Replays every committed fuzz input (seeds and crash reproducers) through the same entry
/// points the libFuzzer harnesses call: none may crash or break an invariant.
@Suite struct FuzzCorpusReplayTests {
  /// The files of one corpus directory, sorted by name.
  static func corpus(_ target: String) throws -> [URL] {
    let directory = try #require(
      Bundle.module.url(forResource: "FuzzCorpus", withExtension: nil)
    ).appendingPathComponent(target)
    return try FileManager.default.contentsOfDirectory(
      at: directory, includingPropertiesForKeys: nil
    ).filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
  }

  @Test func tokenizerCorpus() throws {
    let files = try Self.corpus("tokenizer")
    #expect(files.count >= 20)
    for file in files {
      let violations = FuzzEntryPoints.tokenizer(Array(try Data(contentsOf: file)))
      #expect(violations.isEmpty, "\(file.lastPathComponent): \(violations)")
    }
  }

  @Test func formatterCorpus() throws {
    let files = try Self.corpus("formatter")
    #expect(files.count >= 20)
    for file in files {
      let violations = FuzzEntryPoints.formatter(Array(try Data(contentsOf: file)))
      #expect(violations.isEmpty, "\(file.lastPathComponent): \(violations)")
    }
  }

  @Test func sampleTableHasEveryArgumentShape() {
    let table = FuzzEntryPoints.sampleTable
    #expect(
      table.hint(for: [Array("SORT".utf8)], endsWithSpace: true)
        == "key [GET pattern [GET pattern ...]] [LIMIT offset count]")
    #expect(table.completions(for: Array("config ".utf8)).candidates == ["get"])
  }
}
