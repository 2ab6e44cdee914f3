import JSON
import Patterns
import TerminalUI

/// A demo's results for `--json`: one entry per scenario with its metrics and tables.
///
/// Written with sorted keys, so the same results always give the same text.
public struct DemoReport: Sendable, Equatable {
  /// The demo's name as typed on the command line, such as `cache`.
  public var demo: String
  public var scenarios: [ScenarioReport]

  public init(demo: String, scenarios: [ScenarioReport] = []) {
    self.demo = demo
    self.scenarios = scenarios
  }

  /// The report as a JSON object.
  public var jsonValue: JSONValue {
    ["demo": .string(demo), "scenarios": .array(scenarios.map(\.jsonValue))]
  }

  /// The report as JSON, indented when `pretty`, keys sorted; no final newline.
  public func jsonString(pretty: Bool = true) -> String {
    pretty ? JSONWriter.prettyText(jsonValue) : JSONWriter.text(jsonValue)
  }
}

/// One scenario of a demo: what it measured, as named metrics and as tables.
public struct ScenarioReport: Sendable, Equatable {
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

  /// The scenario as a JSON object.
  public var jsonValue: JSONValue {
    [
      "name": .string(name), "title": .string(title), "metrics": .object(metrics),
      "tables": .array(tables.map(\.jsonValue)),
    ]
  }
}

/// A printed table as data: its title, column headers and rows of cells, escapes removed.
public struct ReportTable: Sendable, Equatable {
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

  /// The table as a JSON object; a table without a title has no `title` field.
  public var jsonValue: JSONValue {
    var members: [String: JSONValue] = [
      "columns": .array(columns.map(JSONValue.string)),
      "rows": .array(rows.map { .array($0.map(JSONValue.string)) }),
    ]
    if let title { members["title"] = .string(title) }
    return .object(members)
  }
}
