import Patterns
import TerminalUI

/// Producer → queue → workers, drawn with the current counts.
///
/// ```
/// producer ──▶ [ pending 120    ] ──▶ [ active 4 · 4 workers ] ──▶ done 470
///                  ▲                              │ failed
///                  └──── retry 6 ◀────────────────┤
///                                                 └──▶ dead 3
/// ```
public enum QueueDiagram {
  /// The diagram of `queue` with its `stats`, counting the workers that run for it now in
  /// any process (see `ReliableQueue.liveWorkerCount`).
  public static func render(_ stats: QueueStats, of queue: ReliableQueue, unicode: Bool) throws
    -> [String]
  {
    render(stats, workers: try queue.liveWorkerCount(), unicode: unicode)
  }

  /// The diagram's lines.
  public static func render(_ stats: QueueStats, workers: Int, unicode: Bool) -> [String] {
    let right = unicode ? "──▶" : "-->"
    let line = unicode ? "─" : "-"
    let up = unicode ? "▲" : "^"
    let bar = unicode ? "│" : "|"
    let corner = unicode ? "└" : "`"
    let tee = unicode ? "┤" : "+"
    let left = unicode ? "◀" : "<"
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    let pendingBox = "[ " + padded("pending \(stats.pending)", 14) + " ]"
    let activeBox =
      "[ " + padded("active \(stats.active) · \(NumberText.count(workers, "worker"))", 22) + " ]"
    let first = "producer \(right) \(pendingBox) \(right) \(activeBox) \(right) done \(stats.done)"
    // Columns: the arrow up sits under the pending box, the failure branch under the active box.
    let upColumn = 17
    let branchColumn = 13 + pendingBox.count + 5 + activeBox.count / 2
    let retryText = " retry \(stats.retry) "
    var second = String(repeating: " ", count: upColumn) + up
    second += String(repeating: " ", count: branchColumn - second.count) + bar + " failed"
    var third =
      String(repeating: " ", count: upColumn) + corner + line + line + line + line + retryText
      + left
    third += String(repeating: line, count: max(1, branchColumn - third.count)) + tee
    let fourth =
      String(repeating: " ", count: branchColumn) + corner + line + line + (unicode ? "▶" : ">")
      + " dead \(stats.dead)"
    return [first, second, third, fourth]
  }
}
