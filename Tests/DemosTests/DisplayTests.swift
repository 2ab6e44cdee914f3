import Demos
import DeterministicRandom
import Dispatch
import Foundation
import JSON
import Patterns
import TerminalUI
import Testing
import TutorTestSupport

/// The display toolkit the demos draw with: exact text for each renderer in Unicode and
/// ASCII, and the numbers behind it (latency percentiles, Zipf draws, JSON reports).
@Suite struct DisplayTests {
  // MARK: Display width

  @Test func visibleWidthSkipsEscapesAndCountsWideCharactersTwice() {
    #expect(DisplayWidth.visibleWidth("plain") == 5)
    #expect(DisplayWidth.visibleWidth("\u{1B}[1;31mred\u{1B}[0m") == 3)
    #expect(DisplayWidth.visibleWidth("\u{1B}]8;;https://redis.io\u{07}link\u{1B}]8;;\u{07}") == 4)
    #expect(DisplayWidth.visibleWidth("日本語") == 6)
    #expect(DisplayWidth.visibleWidth("e\u{301}") == 1)
    #expect(DisplayWidth.withoutEscapeSequences("\u{1B}[2mdim\u{1B}[0m") == "dim")
  }

  @Test func truncationKeepsEscapesAndEndsWithAnEllipsis() {
    #expect(DisplayWidth.truncated("abcdefgh", toWidth: 5) == "abcd…")
    #expect(DisplayWidth.truncated("abc", toWidth: 5) == "abc")
    #expect(DisplayWidth.truncated("日本語", toWidth: 4) == "日…")
    #expect(
      DisplayWidth.truncated("\u{1B}[31mabcdef\u{1B}[0m", toWidth: 4)
        == "\u{1B}[31mabc\u{1B}[0m…")
    #expect(DisplayWidth.truncated("abc", toWidth: 0) == "")
  }

  // MARK: Number and duration text

  @Test func numbersAndDurationsReadShort() {
    #expect(NumberText.of(50) == "50")
    #expect(NumberText.of(3.5) == "3.5")
    #expect(NumberText.of(0.125) == "0.125")
    #expect(NumberText.significant(9.996) == "10.0")
    #expect(NumberText.significant(0.099_96) == "0.100")
    #expect(NumberText.significant(1234.4) == "1234")
    #expect(NumberText.percent(0.875) == "87.5%")
    #expect(DurationText.of(seconds: 0.000_85) == "850 µs")
    #expect(DurationText.of(seconds: 0.000_85, unicode: false) == "850 us")
    #expect(DurationText.of(seconds: 0.012_34) == "12.3 ms")
    #expect(DurationText.of(seconds: 1.25) == "1.25 s")
    #expect(DurationText.of(seconds: 0) == "0 s")
    #expect(DurationText.of(seconds: .nan) == "-")
  }

  /// The digits match what `String(format: "%.Nf")` printed before TerminalUI dropped
  /// Foundation: exact binary values, ties to even, no exponent.
  @Test func fixedDecimalsRoundLikePrintf() {
    #expect(FixedDecimals.of(12.3, decimals: 2) == "12.30")
    #expect(FixedDecimals.of(0.125, decimals: 2) == "0.12")
    #expect(FixedDecimals.of(0.375, decimals: 2) == "0.38")
    #expect(FixedDecimals.of(1.005, decimals: 2) == "1.00")
    #expect(FixedDecimals.of(-2.5, decimals: 0) == "-2")
    #expect(FixedDecimals.of(1e20, decimals: 1) == "100000000000000000000.0")
    #expect(FixedDecimals.of(-0.0001, decimals: 2) == "-0.00")
    #expect(FixedDecimals.of(.nan, decimals: 1) == "nan")
  }

  // MARK: TextTable

  @Test func tableAlignsColumnsByDisplayWidth() {
    var table = TextTable(
      title: "Stampede: store loads per cure", headers: ["cure", "loads", "p99"],
      rightAligned: [1, 2])
    table.addRow(["none", "50", "41.2 ms"])
    table.addRow(["\u{1B}[1msingle-flight\u{1B}[0m", "1", "22.0 ms"])
    table.addRow(["ロック", "1"])
    table.addRow(["xfetch", "2", "23.1 ms", "dropped"])
    #expect(
      table.render() == """
        Stampede: store loads per cure
        cure           loads      p99
        -------------  -----  -------
        none              50  41.2 ms
        \u{1B}[1msingle-flight\u{1B}[0m      1  22.0 ms
        ロック             1
        xfetch             2  23.1 ms
        """)
    #expect(table.rows[2] == ["ロック", "1", ""])
  }

  @Test func tableWithoutTitleOrRowsIsHeaderAndRule() {
    let table = TextTable(columns: [.init("key"), .init("ttl", alignment: .right)])
    #expect(table.render() == "key  ttl\n---  ---")
  }

  @Test func tableHeaderCanGoWithoutItsRuleOrAltogether() {
    var table = TextTable(headers: ["day", "title"], rightAligned: [0], headerStyle: .plain)
    table.addRow(["12", "ロック"])
    table.addRow(["3", "\u{1B}[1mLists\u{1B}[0m"])
    #expect(
      table.render() == """
        day  title
         12  ロック
          3  \u{1B}[1mLists\u{1B}[0m
        """)
    table.headerStyle = .hidden
    #expect(
      table.render() == """
        12  ロック
         3  \u{1B}[1mLists\u{1B}[0m
        """)
  }

  @Test func tableCutsCellsWiderThanTheirColumnsMaximum() {
    var table = TextTable(
      columns: [.init("title", maximumWidth: 8), .init("cards", alignment: .right)])
    table.addRow(["Strings and keys", "3"])
    table.addRow(["キャッシュ戦略", "12"])
    table.addRow(["Lists", "1"])
    #expect(
      table.render() == """
        title     cards
        --------  -----
        Strings…      3
        キャッ…      12
        Lists         1
        """)
    table.ellipsis = "..."
    #expect(table.render().split(separator: "\n")[2] == "Strin...      3")
    let narrow = TextTable(columns: [.init("reviews", maximumWidth: 4)], headerStyle: .plain)
    #expect(narrow.render() == "rev…")
  }

  // MARK: LineChart

  private static let hitRatio = (0..<20).map { min(1.0, Double($0) / 12) }
  private static let flat = Array(repeating: 0.2, count: 10)

  @Test func lineChartInUnicode() {
    let chart = LineChart.render(
      series: [("cache", Self.hitRatio), ("no cache", Self.flat)], width: 24, height: 5,
      yRange: 0...1, xLabel: "second", unicode: true)
    #expect(
      chart == """
        1.00 ┤          ●●●●●●●●
        0.75 ┤        ●●
        0.50 ┤     ●●●
        0.25 ┤○○●●●○○○○○○○○○○○○○
        0.00 ┤●●
             └──────────────────
              1               20
                    second
              ● cache  ○ no cache
        """)
  }

  @Test func lineChartInASCII() {
    let chart = LineChart.render(
      series: [("cache", Self.hitRatio), ("no cache", Self.flat)], width: 24, height: 5,
      yRange: 0...1, xLabel: "second", unicode: false)
    #expect(
      chart == """
        1.00 +          ********
        0.75 +        **
        0.50 +     ***
        0.25 +oo***ooooooooooooo
        0.00 +**
             +------------------
              1               20
                    second
              * cache  o no cache
        """)
  }

  @Test func lineChartFitsTheDataAndLabelsOnlySomeRows() {
    let chart = LineChart.render(
      series: [("", [10, 30, 20, 40])], width: 11, height: 7,
      yLabel: { NumberText.of($0) + " ms" }, xTickLabels: (first: "0", last: "4"))
    #expect(
      chart == """
        40 ms ┤   ●
              │
        30 ms ┤ ●
        25 ms ┤
              │  ●
        15 ms ┤
        10 ms ┤●
              └────
               0  4
        """)
  }

  @Test func lineChartAveragesWhenThereAreMoreValuesThanColumns() {
    // Eight values into the four columns a 9-wide chart has after its labels.
    let chart = LineChart.render(
      series: [("load", [0, 0, 0, 1, 1, 1, 1, 0])], width: 9, height: 3, yRange: 0...1,
      yLabel: { NumberText.of($0) }, unicode: false)
    #expect(
      chart == """
          1 +  *
        0.5 + * *
          0 +*
            +----
             1  8
             * load
        """)
  }

  @Test func lineChartWithoutDataDrawsEmptyAxes() {
    let chart = LineChart.render(series: [], width: 8, height: 2, yRange: 0...1, unicode: false)
    #expect(chart == "1.00 +\n0.00 +\n     +--")
  }

  // MARK: BarChart

  private static let loadsPerCure: [(label: String, value: Double)] = [
    ("none", 50), ("single-flight", 1), ("lock", 1), ("xfetch", 3.5), ("zero", 0),
  ]

  @Test func barChartInUnicode() {
    #expect(
      BarChart.render(Self.loadsPerCure, width: 40, unicode: true) == """
        none           █████████████████████ 50
        single-flight  ▍ 1
        lock           ▍ 1
        xfetch         █▌ 3.5
        zero           0
        """)
  }

  @Test func barChartInASCII() {
    #expect(
      BarChart.render(Self.loadsPerCure, width: 40, unicode: false) == """
        none           ##################### 50
        single-flight  # 1
        lock           # 1
        xfetch         # 3.5
        zero           0
        """)
  }

  @Test func barChartHasEighthBlockPrecision() {
    let rows: [(label: String, value: Double)] = [
      ("a", 16), ("b", 3), ("c", 1), ("d", 0.01), ("e", 10),
    ]
    #expect(
      BarChart.render(rows, width: 10, valueLabel: { String(Int($0)) }) == """
        a  ████ 16
        b  ▊ 3
        c  ▎ 1
        d  ▏ 0
        e  ██▌ 10
        """)
  }

  @Test func barChartOfLatenciesUsesTheValueLabel() {
    let rows: [(label: String, value: Double)] = [("raw GET", 0.000_04), ("cache hit", 0.000_044)]
    #expect(
      BarChart.render(rows, width: 30, valueLabel: { DurationText.of(seconds: $0) }) == """
        raw GET    ██████████ 40.0 µs
        cache hit  ███████████ 44.0 µs
        """)
  }

  // MARK: Timeline

  private static func lanes(unicode: Bool) -> [(label: String, cells: [Character])] {
    let allowed = Timeline.allowedCell(unicode: unicode)
    let denied = Timeline.deniedCell(unicode: unicode)
    return [
      ("fixed window", (0..<25).map { $0 % 20 < 10 ? allowed : denied }),
      ("token bucket", (0..<23).map { $0 % 10 < 5 ? allowed : denied }),
    ]
  }

  @Test func timelineInUnicodeWrapsIntoChunksOfTenTicks() {
    #expect(
      Timeline.render(lanes: Self.lanes(unicode: true), tickLabel: "tick", width: 34) == """
        tick          0         10
        fixed window  ██████████··········
        token bucket  █████·····█████·····

        tick          20
        fixed window  █████
        token bucket  ███
        """)
  }

  @Test func timelineInASCIIOnOneLineWhenItFits() {
    #expect(
      Timeline.render(lanes: Self.lanes(unicode: false), tickLabel: "second", width: 80) == """
        second        0         10        20
        fixed window  ##########..........#####
        token bucket  #####.....#####.....###
        """)
  }

  @Test func timelineKeepsAtLeastTenTicksPerLine() {
    let cells = [Character](repeating: "x", count: 12)
    #expect(
      Timeline.render(lanes: [("lane", cells)], tickLabel: "t", width: 5) == """
        t     0
        lane  xxxxxxxxxx

        t     10
        lane  xx
        """)
  }

  // MARK: ProgressLine

  @Test func progressLineOnATerminalRewritesInPlaceAtMostEveryInterval() {
    let clock = ManualClock(0)
    let output = CapturedOutput()
    let progress = ProgressLine(
      isTerminal: true, terminalInterval: 0.1, now: clock.now, write: output.append)
    progress.update("1 of 3")
    clock.time = 0.05
    progress.update("2 of 3")
    clock.time = 0.1
    progress.update("3 of 3")
    progress.finish()
    #expect(output.writes == ["\r1 of 3\u{1B}[K", "\r3 of 3\u{1B}[K", "\r\u{1B}[K"])
  }

  @Test func progressLineOnAPipePrintsPlainLinesSeldomAndTheLastOneAtTheEnd() {
    let clock = ManualClock(0)
    let output = CapturedOutput()
    let progress = ProgressLine(
      isTerminal: false, pipeInterval: 5, now: clock.now, write: output.append)
    progress.update("100 requests")
    for second in 1...4 {
      clock.time = Double(second)
      progress.update("\(second + 1)00 requests")
    }
    clock.time = 5
    progress.update("600 requests")
    clock.time = 6
    progress.update("700\nrequests")
    progress.finish()
    #expect(output.writes == ["100 requests\n", "600 requests\n", "700 requests\n"])
  }

  @Test func progressLineFinishWritesNothingWhenNothingIsShowingOrPending() {
    let output = CapturedOutput()
    let terminal = ProgressLine(isTerminal: true, now: { 0 }, write: output.append)
    terminal.finish()
    let pipe = ProgressLine(isTerminal: false, now: { 0 }, write: output.append)
    pipe.update("done")
    pipe.finish()
    #expect(output.writes == ["done\n"])
  }

  @Test func progressLineOnATerminalIsCutToTheWidthSoItNeverWraps() {
    let output = CapturedOutput()
    let progress = ProgressLine(
      isTerminal: true, maximumWidth: 8, now: { 0 }, write: output.append)
    progress.update("hit ratio 87.5%")
    #expect(output.writes == ["\rhit rat…\u{1B}[K"])
  }

  // MARK: LatencyRecorder

  /// 1 ms to 1000 ms in 1 ms steps.
  private static let uniformMilliseconds = (1...1000).map { Double($0) / 1000 }

  private static func expectClose(
    _ actual: Double, _ expected: Double, relative: Double = 0.001,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      abs(actual - expected) <= expected * relative,
      "\(actual) is not within \(relative) of \(expected)",
      sourceLocation: sourceLocation)
  }

  @Test func latencyPercentilesOfAUniformSpread() {
    let recorder = LatencyRecorder()
    for seconds in Self.uniformMilliseconds { recorder.record(seconds: seconds) }
    #expect(recorder.count == 1000)
    Self.expectClose(recorder.p50, 0.5)
    Self.expectClose(recorder.p95, 0.95)
    Self.expectClose(recorder.p99, 0.99)
    Self.expectClose(recorder.percentile(10), 0.1)
    Self.expectClose(recorder.max, 1.0)
    Self.expectClose(recorder.mean, 0.5005)
    let summary = recorder.summary
    #expect(summary.count == 1000)
    #expect(summary.p99 == recorder.p99)
    #expect(summary.max == recorder.max)
  }

  @Test func latencyRecorderClampsToItsRangeAndIsZeroWhenEmpty() {
    let recorder = LatencyRecorder()
    #expect(recorder.p99 == 0)
    #expect(recorder.summary == LatencySummary(count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0))
    recorder.record(seconds: 0.000_000_1)
    recorder.record(seconds: 3600)
    #expect(recorder.count == 2)
    #expect(recorder.percentile(0) == 0.000_001)
    #expect(recorder.max == 60)
  }

  @Test func mergedRecordersGiveTheSamePercentilesAsOne() {
    let lower = LatencyRecorder()
    let upper = LatencyRecorder()
    let whole = LatencyRecorder()
    for seconds in Self.uniformMilliseconds {
      (seconds <= 0.5 ? lower : upper).record(seconds: seconds)
      whole.record(seconds: seconds)
    }
    lower.merge(upper)
    #expect(lower.count == 1000)
    #expect(upper.count == 500)
    #expect(lower.summary == whole.summary)
    lower.reset()
    #expect(lower.count == 0)
  }

  @Test func latencyRecorderCountsEveryRecordFromManyThreads() async {
    let shared = LatencyRecorder()
    let merged = LatencyRecorder()
    let threadCount = 4
    let recordsPerThread = 20_000
    let group = DispatchGroup()
    for _ in 0..<threadCount {
      group.enter()
      Thread {
        let own = LatencyRecorder()
        for index in 0..<recordsPerThread {
          let seconds = Double(index % 1000 + 1) / 1000
          shared.record(seconds: seconds)
          own.record(seconds: seconds)
          if index % 5000 == 0 { _ = shared.p99 }
        }
        merged.merge(own)
        group.leave()
      }.start()
    }
    await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
      group.notify(queue: .global()) { finished.resume() }
    }
    #expect(shared.count == threadCount * recordsPerThread)
    #expect(merged.count == threadCount * recordsPerThread)
    #expect(shared.summary == merged.summary)
    Self.expectClose(shared.p50, 0.5)
  }

  @Test func latencySummaryEncodesAsAJSONObject() {
    let summary = LatencySummary(
      count: 2, p50: 0.001, p95: 0.002, p99: 0.002, max: 0.002, mean: 0.0015)
    let report = DemoReport(
      demo: "cache",
      scenarios: [
        ScenarioReport(name: "zipf", title: "Zipf", metrics: ["latency": summary.jsonValue])
      ])
    #expect(
      report.jsonString(pretty: false)
        == #"{"demo":"cache","scenarios":[{"metrics":{"latency":{"count":2,"max":0.002,"mean":0.0015,"p50":0.001,"p95":0.002,"p99":0.002}},"name":"zipf","tables":[],"title":"Zipf"}]}"#
    )
  }

  // MARK: SplitMix64 and ZipfGenerator

  @Test func splitMix64MatchesTheReferenceSequence() {
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(random.next() == 0x06C4_5D18_8009_454F)
    for _ in 0..<10_000 {
      let draw = random.nextDouble()
      #expect(draw >= 0 && draw < 1)
    }
  }

  @Test func zipfIsTheSameForTheSameSeed() {
    var first = ZipfGenerator(count: 1000, seed: 42)
    var second = ZipfGenerator(count: 1000, seed: 42)
    var other = ZipfGenerator(count: 1000, seed: 43)
    let firstDraws = (0..<1000).map { _ in first.next() }
    #expect(firstDraws == (0..<1000).map { _ in second.next() })
    #expect(firstDraws != (0..<1000).map { _ in other.next() })
    var reseeded = other.reseeded(42)
    #expect(firstDraws == (0..<1000).map { _ in reseeded.next() })
  }

  @Test(arguments: [1.0, 0.8, 1.5])
  func zipfRankOneComesUpAsOftenAsTheoryPredicts(exponent: Double) {
    let count = 1000
    let harmonic = (1...count).reduce(0.0) { $0 + pow(Double($1), -exponent) }
    let expectedShare = 1 / harmonic
    var generator = ZipfGenerator(count: count, exponent: exponent, seed: 7)
    #expect(abs(generator.probability(of: 1) - expectedShare) < 1e-12)
    let draws = 100_000
    var rankOne = 0
    var rankTen = 0
    for _ in 0..<draws {
      let value = generator.next()
      #expect((1...count).contains(value))
      if value == 1 { rankOne += 1 }
      if value == 10 { rankTen += 1 }
    }
    // About five standard deviations of a binomial share over 100,000 draws.
    #expect(abs(Double(rankOne) / Double(draws) - expectedShare) < 0.007)
    let expectedTenth = pow(10, -exponent) / harmonic
    #expect(abs(Double(rankTen) / Double(draws) - expectedTenth) < 0.004)
  }

  @Test func zipfStaysInRangeAtTheEdges() {
    var single = ZipfGenerator(count: 1, seed: 1)
    #expect((0..<100).allSatisfy { _ in single.next() == 1 })
    var uniform = ZipfGenerator(count: 4, exponent: 0, seed: 1)
    #expect(uniform.probability(of: 3) == 0.25)
    #expect(uniform.probability(of: 5) == 0)
    var seen = Set<Int>()
    for _ in 0..<1000 { seen.insert(uniform.next()) }
    #expect(seen == [1, 2, 3, 4])
    let large = ZipfGenerator(count: 1_000_000, exponent: 1.2, seed: 9)
    var threadsOwn = large.reseeded(10)
    #expect((0..<10_000).allSatisfy { _ in (1...1_000_000).contains(threadsOwn.next()) })
  }

  // MARK: DemoReport

  private static let smallReport: DemoReport = {
    var table = TextTable(headers: ["cure", "loads"], rightAligned: [1])
    table.addRow(["\u{1B}[1mnone\u{1B}[0m", "50"])
    table.addRow(["lock", "1"])
    return DemoReport(
      demo: "cache",
      scenarios: [
        ScenarioReport(
          name: "stampede", title: "Stampede on /item/1",
          metrics: [
            "clients": 50, "hitRatio": 0.875, "cure": "lock", "twoProcesses": true,
            "skipped": nil, "loads": [50, 1], "p99": ["lock": 0.0231], "broken": .number(.nan),
          ],
          tables: [ReportTable(table)])
      ])
  }()

  @Test func demoReportAsCompactJSON() {
    #expect(
      Self.smallReport.jsonString(pretty: false)
        == #"{"demo":"cache","scenarios":[{"metrics":{"broken":null,"clients":50,"cure":"lock","hitRatio":0.875,"loads":[50,1],"p99":{"lock":0.0231},"skipped":null,"twoProcesses":true},"name":"stampede","tables":[{"columns":["cure","loads"],"rows":[["none","50"],["lock","1"]]}],"title":"Stampede on /item/1"}]}"#
    )
  }

  @Test func demoReportAsPrettyJSON() {
    let report = DemoReport(
      demo: "limiter",
      scenarios: [
        ScenarioReport(
          name: "edge", title: "Edge burst", metrics: ["allowed": 20, "limit": 10],
          tables: [ReportTable(title: "per window", columns: ["window"], rows: [["0"]])])
      ])
    #expect(
      report.jsonString() == """
        {
          "demo" : "limiter",
          "scenarios" : [
            {
              "metrics" : {
                "allowed" : 20,
                "limit" : 10
              },
              "name" : "edge",
              "tables" : [
                {
                  "columns" : [
                    "window"
                  ],
                  "rows" : [
                    [
                      "0"
                    ]
                  ],
                  "title" : "per window"
                }
              ],
              "title" : "Edge burst"
            }
          ]
        }
        """)
  }

  @Test func demoReportDecodesBackToTheSameValues() throws {
    var report = Self.smallReport
    report.scenarios[0].metrics["broken"] = nil
    let parsed = try JSONParser.parse(Array(report.jsonString().utf8))
    #expect(parsed == report.jsonValue)
  }
}

/// Everything a `ProgressLine` wrote, one entry per write.
private final class CapturedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var captured: [String] = []

  var writes: [String] { lock.withLock { captured } }

  var append: @Sendable (String) -> Void {
    { [self] text in lock.withLock { captured.append(text) } }
  }
}
