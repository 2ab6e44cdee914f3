import Foundation
import Shell

/// `:logs [N]`: the last lines of the Day 6 service's log, one readable line per request or
/// job, so the learner can watch the service while poking Redis in the shell.
public enum ServiceLogView {
  /// The meta-command, reading `path`.
  public static func command(path: String) -> MetaCommand {
    MetaCommand(
      name: "logs", usage: ":logs [N]",
      summary: "the last N lines (default 20) of redis-tutor serve's request and job log"
    ) { shell, words in
      guard let count = words.first.map({ Int($0) }) ?? 20, count > 0 else {
        shell.note("Usage: :logs [N], with N a number of lines.")
        return
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        shell.note(
          "No service log yet (\(path)): start the service with `redis-tutor serve` in another terminal."
        )
        return
      }
      let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(count)
      if lines.isEmpty {
        shell.note(
          "The service log is empty: send it a request, e.g. curl -i localhost:8080/items/7")
        return
      }
      let text = lines.map { readable(String($0)) }.joined(separator: "\n") + "\n"
      if shell.input.isInteractive {
        shell.output.write(text)
      } else {
        shell.errors.write(text)
      }
    }
  }

  /// One log line made readable: requests and jobs in columns, anything else as it is.
  public static func readable(_ line: String) -> String {
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    else { return line }
    func text(_ key: String) -> String? {
      guard let value = object[key], !(value is NSNull) else { return nil }
      if let number = value as? NSNumber { return number.stringValue }
      return "\(value)"
    }
    let time = text("time").map(clock) ?? ""
    var parts: [String] = [time]
    var shown: Set<String> = ["time", "type"]
    if let method = text("method"), let path = text("path") {
      parts.append("\(method) \(path) → \(text("status") ?? "?")")
      shown.formUnion(["method", "path", "status"])
    } else if let job = text("job") ?? text("job_id") {
      parts.append("job \(job)")
      shown.formUnion(["job", "job_id"])
    }
    if let milliseconds = text("duration_ms") {
      parts.append("\(milliseconds) ms")
      shown.insert("duration_ms")
    }
    for key in object.keys.sorted() where !shown.contains(key) {
      if let value = text(key), !value.isEmpty { parts.append("\(key)=\(value)") }
    }
    return parts.filter { !$0.isEmpty }.joined(separator: "  ")
  }

  /// `HH:MM:SS` from an ISO 8601 time or seconds since the epoch; the text itself otherwise.
  private static func clock(_ value: String) -> String {
    if let seconds = Double(value) {
      var time = time_t(seconds)
      var parts = tm()
      localtime_r(&time, &parts)
      func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
      return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
    if let t = value.firstIndex(of: "T") {
      return String(value[value.index(after: t)...].prefix(8))
    }
    return value
  }
}
