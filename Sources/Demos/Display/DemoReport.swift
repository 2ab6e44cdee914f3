import Foundation
import Patterns
import TerminalUI

/// A demo's results for `--json`: one entry per scenario with its metrics and tables.
///
/// Encodes with sorted keys, so the same results always give the same text.
public struct DemoReport: Codable, Sendable, Equatable {
  /// The demo's name as typed on the command line, such as `cache`.
  public var demo: String
  public var scenarios: [ScenarioReport]

  public init(demo: String, scenarios: [ScenarioReport] = []) {
    self.demo = demo
    self.scenarios = scenarios
  }

  /// The report as JSON, indented when `pretty`, keys sorted, slashes unescaped; no final
  /// newline.
  public func jsonString(pretty: Bool = true) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty
      ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      : [.sortedKeys, .withoutEscapingSlashes]
    // Cannot fail: every value is a string, a finite number (non-finite ones encode as
    // null) or a container of those.
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}

/// One scenario of a demo: what it measured, as named metrics and as tables.
public struct ScenarioReport: Codable, Sendable, Equatable {
  /// A short identifier such as `stampede`.
  public var name: String
  /// The heading the demo printed, such as `Stampede: 50 concurrent misses on one key`.
  public var title: String
  public var metrics: [String: JSONValue]
  public var tables: [ReportTable]

  public init(
    name: String, title: String, metrics: [String: JSONValue] = [:], tables: [ReportTable] = []
  ) {
    self.name = name
    self.title = title
    self.metrics = metrics
    self.tables = tables
  }
}

/// A printed table as data: its title, column headers and rows of cells, escapes removed.
public struct ReportTable: Codable, Sendable, Equatable {
  public var title: String?
  public var columns: [String]
  public var rows: [[String]]

  public init(title: String? = nil, columns: [String], rows: [[String]]) {
    self.title = title
    self.columns = columns
    self.rows = rows
  }

  /// The same content as `table`, without colour or other escape sequences.
  public init(_ table: TextTable) {
    self.init(
      title: table.title.map(DisplayWidth.withoutEscapeSequences),
      columns: table.columns.map { DisplayWidth.withoutEscapeSequences($0.header) },
      rows: table.rows.map { $0.map(DisplayWidth.withoutEscapeSequences) })
  }
}
