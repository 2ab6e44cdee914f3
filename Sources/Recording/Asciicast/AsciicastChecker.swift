import JSON

/// Checks a file against the asciicast v2 format: returns every violation (empty when
/// conformant): header is an object with version 2 and positive integer width/height, optional
/// fields of the right JSON types, every event line a 3-element array [number, one-letter string
/// among o/i/m/r, string], times non-decreasing and non-negative, every line valid JSON, UTF-8.
public enum AsciicastChecker {
  /// The violations in `text`, each "line N: what is wrong".
  public static func violations(in text: String) -> [String] {
    violations(in: Array(text.utf8))
  }

  /// The violations in a file's raw bytes, each "line N: what is wrong".
  public static func violations(in bytes: [UInt8]) -> [String] {
    let lines = AsciicastLine.split(bytes)
    guard let first = lines.first else {
      return ["the file is empty (line 1 must be the header)"]
    }
    var found: [String] = []
    if let header = parsedLine(first, into: &found) {
      checkHeader(header, into: &found)
    }
    var previousTime = 0.0
    for line in lines.dropFirst() {
      guard let value = parsedLine(line, into: &found) else { continue }
      let problem = "line \(line.number):"
      guard let elements = value.array else {
        found.append(
          "\(problem) an event must be an array [time, code, data], not \(value.kindName)")
        continue
      }
      guard elements.count == 3 else {
        found.append(
          "\(problem) an event must have 3 elements [time, code, data], not \(elements.count)")
        continue
      }
      if let time = elements[0].number {
        if time < 0 { found.append("\(problem) the time \(time) is negative") }
        if time < previousTime {
          found.append(
            "\(problem) the time \(time) is earlier than the previous event's \(previousTime)")
        }
        previousTime = max(previousTime, time)
      } else {
        found.append("\(problem) the time must be a number, not \(elements[0].kindName)")
      }
      let code = elements[1].string
      if let code {
        if AsciicastEvent.Code(rawValue: code) == nil {
          found.append("\(problem) the code \(JSONWriter.quoted(code)) is not one of o, i, m, r")
        }
      } else {
        found.append("\(problem) the code must be a string, not \(elements[1].kindName)")
      }
      if let data = elements[2].string {
        if code == "r" && !isSize(data) {
          found.append(
            "\(problem) a resize event's data must be \"COLSxROWS\", not \(JSONWriter.quoted(data))"
          )
        }
      } else {
        found.append("\(problem) the data must be a string, not \(elements[2].kindName)")
      }
    }
    return found
  }

  /// Parses a line as JSON, or records why it is not; nil when it is not.
  private static func parsedLine(_ line: AsciicastLine, into found: inout [String]) -> JSONValue? {
    let problem = "line \(line.number):"
    if line.isBlank {
      found.append(
        line.number == 1
          ? "\(problem) blank, but line 1 must be the header"
          : "\(problem) blank, but every line after the header must be an event")
      return nil
    }
    guard String(validating: line.bytes, as: UTF8.self) != nil else {
      found.append("\(problem) not valid UTF-8")
      return nil
    }
    do {
      return try JSONParser.parse(line.bytes)
    } catch {
      found.append("\(problem) not valid JSON (\(error.asciicastDescription))")
      return nil
    }
  }

  private static func checkHeader(_ value: JSONValue, into found: inout [String]) {
    guard let members = value.members else {
      found.append("line 1: the header must be a JSON object, not \(value.kindName)")
      return
    }
    if let version = members["version"] {
      if version.integer != 2 { found.append("line 1: \"version\" must be 2") }
    } else {
      found.append("line 1: the header has no \"version\"")
    }
    for name in ["width", "height"] {
      if let size = members[name] {
        if (size.integer ?? 0) < 1 {
          found.append("line 1: \"\(name)\" must be a positive integer")
        }
      } else {
        found.append("line 1: the header has no \"\(name)\"")
      }
    }
    if let timestamp = members["timestamp"], timestamp.integer == nil {
      found.append("line 1: \"timestamp\" must be an integer (seconds since the epoch)")
    }
    for name in ["duration", "idle_time_limit"] {
      if let number = members[name], number.number == nil {
        found.append("line 1: \"\(name)\" must be a number, not \(number.kindName)")
      }
    }
    for name in ["command", "title"] {
      if let text = members[name], text.string == nil {
        found.append("line 1: \"\(name)\" must be a string, not \(text.kindName)")
      }
    }
    if let env = members["env"] {
      if let variables = env.members {
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) where value.string == nil {
          found.append("line 1: \"env\" member \(JSONWriter.quoted(name)) must be a string")
        }
      } else {
        found.append("line 1: \"env\" must be an object, not \(env.kindName)")
      }
    }
    if let theme = members["theme"] {
      if let colors = theme.members {
        for name in ["fg", "bg", "palette"] {
          if let color = colors[name], color.string == nil {
            found.append("line 1: \"theme\" member \"\(name)\" must be a string")
          }
        }
      } else {
        found.append("line 1: \"theme\" must be an object, not \(theme.kindName)")
      }
    }
  }

  /// Whether `text` reads "COLSxROWS", such as "80x24".
  private static func isSize(_ text: String) -> Bool {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
    return parts.count == 2
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
  }
}
