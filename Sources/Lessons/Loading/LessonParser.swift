import RedisCLIFormat

/// Reads one lesson file: front matter by line, the body with libcmark.
///
/// Parsing never stops at the first problem: every problem found is returned with its line,
/// and a lesson is returned only when there were none.
///
/// Reading takes time in proportion to the file's size. A lesson file may be at most
/// `maximumFileBytes` (4 MB, 4,000,000 bytes; the week's largest lesson is under 0.1 MB); a
/// larger one is refused, before it is read, with `FILE:1: lesson file is N MB; the limit is
/// 4 MB`.
public enum LessonParser {
  /// The largest lesson file the loader reads, in bytes.
  public static let maximumFileBytes = 4_000_000

  /// The problem of a file of `bytes` bytes, or nil when it is within the limit.
  static func sizeProblem(bytes: Int, file: String) -> LessonProblem? {
    guard bytes > maximumFileBytes else { return nil }
    func megabytes(_ bytes: Int) -> String {
      let tenths = (bytes + 99_999) / 100_000
      return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
    return LessonProblem(
      file: file, line: 1,
      message:
        "lesson file is \(megabytes(bytes)) MB; the limit is \(megabytes(maximumFileBytes)) MB: make it smaller"
    )
  }

  /// What reading a lesson cost, counted where the cost used to grow with the square of the
  /// file's size, so a test can tell linear from quadratic without a clock.
  struct Work {
    /// Bytes written into the lesson's Markdown texts (introductions, prose, solutions).
    var textBytesWritten = 0
    /// Declared blocks looked at to find the block a section belongs to.
    var blocksExamined = 0
  }

  /// The fenced-block info strings that carry meaning, and whether each is shown as prose.
  static let meaningfulBlocks: [String: Bool] = [
    "redis": true, "check": false, "hint": false, "solution": false, "facts": true,
    "interview": false, "skills": false, "card": false, "mistake": false, "alternative": false,
    "clear": false, "params": false,
  ]

  /// The blocks whose `{{name}}` is filled in with the step's parameters; prose is too.
  static let parameterisedBlocks: Set<String> = [
    "redis", "check", "hint", "solution", "mistake", "alternative", "clear",
  ]

  /// Parses `text`, the contents of `file`.
  public static func parse(_ text: String, file: String) -> Result<Lesson, LessonProblems> {
    var work = Work()
    return parse(text, file: file, work: &work)
  }

  /// Parses `text`, the contents of `file`, adding what it cost to `work`.
  static func parse(_ text: String, file: String, work: inout Work) -> Result<
    Lesson, LessonProblems
  > {
    if let tooLarge = sizeProblem(bytes: text.utf8.count, file: file) {
      return .failure(LessonProblems([tooLarge]))
    }
    var problems: [(Int, String)] = []
    // "\r\n" is one Character in Swift, so CRLF files need their own separator.
    let lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    let matter = FrontMatter.read(lines, problems: &problems)
    var lesson = header(matter, problems: &problems)
    lesson.file = file
    if matter.bodyStartLine > 1 {
      let body = lines.dropFirst(matter.bodyStartLine - 1).joined(separator: "\n")
      let document = MarkdownDocument.parse(body, firstLine: matter.bodyStartLine)
      readBody(document, lines: lines, into: &lesson, problems: &problems, work: &work)
    }
    assignCardDays(&lesson)
    fillParameters(&lesson)
    if problems.isEmpty { return .success(lesson) }
    let sorted = problems.sorted { $0.0 < $1.0 }
    return .failure(
      LessonProblems(sorted.map { LessonProblem(file: file, line: $0.0, message: $0.1) }))
  }

  // MARK: - Front matter

  private static let blockKeys: Set<String> = ["id", "kind", "title", "minutes", "plans"]
  private static let topKeys: Set<String> = ["day", "title", "goal", "requires"]

  private static func header(_ matter: FrontMatter, problems: inout [(Int, String)]) -> Lesson {
    var lesson = Lesson(day: 0, title: "")
    for (key, field) in matter.fields where !topKeys.contains(key) {
      problems.append(
        (field.line, "unknown front-matter key '\(key)' (known: day, title, goal, requires)"))
    }
    if matter.bodyStartLine > 1 {
      if let day = matter.fields["day"] {
        if let number = Int(day.value), (1...7).contains(number) {
          lesson.day = number
        } else {
          problems.append((day.line, "'day' must be a number from 1 to 7, not '\(day.value)'"))
        }
      } else {
        problems.append((1, "the front matter has no 'day:'"))
      }
      if let title = matter.fields["title"], !title.value.isEmpty {
        lesson.title = title.value
      } else {
        problems.append((matter.fields["title"]?.line ?? 1, "the front matter has no 'title:'"))
      }
    }
    lesson.goal = matter.fields["goal"]?.value
    if let requires = matter.fields["requires"] {
      lesson.requires = RedisVersion(requires.value)
      if lesson.requires == nil {
        problems.append(
          (requires.line, "'requires' must be a Redis version like 7.0, not '\(requires.value)'"))
      }
    }
    var seen: Set<String> = []
    for (line, fields) in matter.blocks {
      for (key, field) in fields where !blockKeys.contains(key) {
        problems.append(
          (field.line, "unknown block key '\(key)' (known: id, kind, title, minutes, plans)"))
      }
      func required(_ key: String) -> FrontMatter.Field? {
        if let field = fields[key], !field.value.isEmpty { return field }
        problems.append((line, "this block has no '\(key):'"))
        return nil
      }
      guard let id = required("id") else { continue }
      if !isValidID(id.value) {
        problems.append((id.line, "block id '\(id.value)' may only use a-z, 0-9 and '-'"))
      }
      if !seen.insert(id.value).inserted {
        problems.append((id.line, "duplicate block id '\(id.value)'"))
      }
      var kind = BlockKind.concepts
      if let field = required("kind") {
        if let known = BlockKind(rawValue: field.value) {
          kind = known
        } else {
          let kinds = BlockKind.allCases.map(\.rawValue).joined(separator: ", ")
          problems.append((field.line, "unknown block kind '\(field.value)' (one of \(kinds))"))
        }
      }
      var minutes = 0...0
      if let field = required("minutes") {
        if let range = minuteRange(field.value) {
          minutes = range
        } else {
          problems.append(
            (field.line, "'minutes' must be a number or a range like 60-75, not '\(field.value)'"))
        }
      }
      var plans: Set<StudyPlan> = []
      if let field = required("plans") {
        for word in field.value.split(whereSeparator: { $0 == " " || $0 == "," }) {
          if let plan = StudyPlan(rawValue: String(word)) {
            plans.insert(plan)
          } else {
            problems.append((field.line, "unknown plan '\(word)' (4h or 6h)"))
          }
        }
      }
      let title = required("title")?.value ?? ""
      lesson.blocks.append(
        LessonBlock(
          id: id.value, kind: kind, title: title, minutes: minutes, plans: plans, line: line))
    }
    if matter.bodyStartLine > 1 && matter.blocks.isEmpty {
      problems.append(
        (1, "the front matter declares no blocks (add 'blocks:' with at least one '- id: …')"))
    }
    if !lesson.blocks.isEmpty {
      for plan in StudyPlan.allCases
      where !lesson.blocks.contains(where: { $0.plans.contains(plan) }) {
        problems.append(
          (1, "no block belongs to the \(plan.rawValue) plan (every day has a 4h and a 6h plan)"))
      }
    }
    return lesson
  }

  static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  private static func minuteRange(_ text: String) -> ClosedRange<Int>? {
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map {
      Int($0.trimmed())
    }
    guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
      low > 0, low <= high
    else { return nil }
    return low...high
  }

  // MARK: - Body

  private enum Target {
    case day
    case block(Int)
    case step(block: Int, step: Int)
  }

  private static func readBody(
    _ document: MarkdownNode, lines: [Substring], into lesson: inout Lesson,
    problems: inout [(Int, String)], work: inout Work
  ) {
    var target = Target.day
    var nextBlock = 0
    var stepIDs: [String: Int] = [:]
    var cardIDs: [String: Int] = [:]
    var sectionsSeen: Set<String> = []

    func source(_ node: MarkdownNode) -> String {
      guard node.startLine > 0, node.endLine >= node.startLine, node.endLine <= lines.count
      else { return "" }
      return lines[(node.startLine - 1)..<node.endLine].joined(separator: "\n")
    }
    func appendProse(_ text: String) {
      switch target {
      case .day: append(text, to: &lesson.introduction, separator: "\n\n", work: &work)
      case .block(let block):
        append(text, to: &lesson.blocks[block].introduction, separator: "\n\n", work: &work)
      case .step(let block, let step):
        append(
          text, to: &lesson.blocks[block].steps[step].prose, separator: "\n\n", work: &work)
      }
    }
    let blockIndexByID = Dictionary(
      lesson.blocks.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: min)

    for node in document.children {
      var stepParameters: StepParameters?
      if case .step(let block, let step) = target {
        stepParameters = lesson.blocks[block].steps[step].parameters
      }
      checkPlaceholders(
        in: source(node), node: node, parameters: stepParameters, problems: &problems)
      switch node.kind {
      case .heading(let level) where level <= 2:
        let (title, id) = headingID(node.plainText)
        guard let id else {
          problems.append(
            (
              node.startLine,
              "a level-\(level) heading needs an id: '\(String(repeating: "#", count: level)) \(title) {#some-id}'"
            ))
          continue
        }
        if level == 1 {
          work.blocksExamined += 1
          guard let index = blockIndexByID[id] else {
            problems.append(
              (node.startLine, "'# \(title) {#\(id)}' names no block declared in the front matter"))
            continue
          }
          if !sectionsSeen.insert(id).inserted {
            problems.append((node.startLine, "block '\(id)' has a second section"))
          } else if index != nextBlock {
            problems.append(
              (
                node.startLine,
                "block '\(id)' is out of order: sections must follow the order of 'blocks:'"
              ))
          }
          nextBlock = index + 1
          target = .block(index)
        } else {
          let blockIndex: Int
          switch target {
          case .day:
            problems.append(
              (
                node.startLine,
                "step '\(id)' comes before any block section ('# Title {#block-id}')"
              ))
            continue
          case .block(let index), .step(let index, _): blockIndex = index
          }
          if !isValidID(id) {
            problems.append((node.startLine, "step id '\(id)' may only use a-z, 0-9 and '-'"))
          }
          if let first = stepIDs[id] {
            problems.append(
              (node.startLine, "duplicate step id '\(id)' (first used on line \(first))"))
          }
          stepIDs[id] = node.startLine
          lesson.blocks[blockIndex].steps.append(
            LessonStep(
              id: id, title: title, blockID: lesson.blocks[blockIndex].id, line: node.startLine))
          target = .step(block: blockIndex, step: lesson.blocks[blockIndex].steps.count - 1)
        }
      case .codeBlock(let info):
        let words = info.split(separator: " ")
        let name = words.first.map(String.init) ?? ""
        if name == "card", words.count == 3 {
          let id = String(words[2])
          if let first = cardIDs[id] {
            problems.append(
              (node.startLine, "duplicate card id '\(id)' (first used on line \(first))"))
          } else {
            cardIDs[id] = node.startLine
          }
        }
        if let shown = meaningfulBlocks[name] {
          guard case .step(let block, let step) = target else {
            problems.append(
              (node.startLine, "a '\(name)' block belongs inside a step ('## Title {#step-id}')"))
            if shown { appendProse(source(node)) }
            continue
          }
          readMeaningfulBlock(
            name: name, attributes: words.dropFirst().map(String.init), node: node,
            into: &lesson.blocks[block].steps[step], problems: &problems, work: &work)
          // `redis hidden`: the answer `:run` types and the linter runs, not shown, so the
          // learner works out their own numbers from a worked example.
          if shown && !(name == "redis" && words.dropFirst().contains("hidden")) {
            appendProse(source(node))
          }
        } else {
          appendProse(source(node))
        }
      default:
        for nested in nestedMeaningfulBlocks(node) {
          problems.append(
            (
              nested.startLine,
              "a '\(nested.name)' block must not be indented inside a list or quote"
            ))
        }
        appendProse(source(node))
      }
    }
    for block in lesson.blocks where !sectionsSeen.contains(block.id) {
      problems.append(
        (block.line, "block '\(block.id)' has no section ('# \(block.title) {#\(block.id)}')"))
    }
    for block in lesson.blocks where sectionsSeen.contains(block.id) && block.steps.isEmpty {
      problems.append((block.line, "block '\(block.id)' has no steps ('## Title {#step-id}')"))
    }
    for block in lesson.blocks where block.kind == .handsOn {
      for step in block.steps where step.check == nil {
        problems.append((step.line, "step '\(step.id)' is in a hands-on block but has no check"))
      }
    }
  }

  /// Appends `piece` to `text` in place, after `separator` unless `text` is empty.
  ///
  /// In place, so a long step costs time in proportion to its length: building a new string
  /// for each piece (`text + separator + piece`) copied all the text so far every time.
  private static func append(
    _ piece: String, to text: inout String, separator: String, work: inout Work
  ) {
    if !text.isEmpty {
      text += separator
      work.textBytesWritten += separator.utf8.count
    }
    text += piece
    work.textBytesWritten += piece.utf8.count
  }

  /// Gives every card its lesson's day (known only once the front matter is read).
  private static func assignCardDays(_ lesson: inout Lesson) {
    for block in lesson.blocks.indices {
      for step in lesson.blocks[block].steps.indices {
        for card in lesson.blocks[block].steps[step].cards.indices {
          lesson.blocks[block].steps[step].cards[card].day = lesson.day
        }
      }
    }
  }

  private static func nestedMeaningfulBlocks(_ node: MarkdownNode) -> [(
    name: String, startLine: Int
  )] {
    node.children.flatMap { child -> [(name: String, startLine: Int)] in
      if case .codeBlock(let info) = child.kind,
        let name = info.split(separator: " ").first.map(String.init),
        meaningfulBlocks[name] != nil, name != "redis"
      {
        return [(name, child.startLine)]
      }
      return nestedMeaningfulBlocks(child)
    }
  }

  /// Splits `Title {#id}` into the title and the id.
  static func headingID(_ text: String) -> (String, String?) {
    let trimmed = text.trimmed()
    guard trimmed.hasSuffix("}"), let open = trimmed.ranges(of: "{#").last else {
      return (trimmed, nil)
    }
    let id = String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])
    let title = String(trimmed[..<open.lowerBound]).trimmed()
    return (title, id)
  }

  private static func readMeaningfulBlock(
    name: String, attributes: [String], node: MarkdownNode, into step: inout LessonStep,
    problems: inout [(Int, String)], work: inout Work
  ) {
    let contentLines = node.literal.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated().map { SourceLine(String($0.element), line: node.startLine + 1 + $0.offset) }
      .filter { !$0.text.trimmed().isEmpty }
    let text = node.literal.trimmed()
    switch name {
    case "redis":
      for attribute in attributes where attribute != "hidden" {
        problems.append(
          (node.startLine, "unknown redis block attribute '\(attribute)' (only 'hidden')"))
      }
      for line in contentLines where !line.text.trimmed().hasPrefix("#") {
        if case .arguments = Tokenizer.split(Array(line.text.utf8)) {
          step.example.append(line)
        } else {
          problems.append((line.line, "this example line has unbalanced quotes"))
        }
      }
    case "check":
      var check = step.check ?? Check(lines: [])
      for attribute in attributes {
        if attribute.hasPrefix("needs="), let version = RedisVersion(String(attribute.dropFirst(6)))
        {
          check.needs = version
        } else {
          problems.append(
            (
              node.startLine,
              "unknown check attribute '\(attribute)' (only needs=VERSION, e.g. needs=7.0)"
            ))
        }
      }
      let lowest = step.parameters.flatMap { try? $0.values(.lowest, day: 0, stepID: step.id) }
      // Parameters that cannot be worked out are reported with the params block; the lines
      // that use them cannot be read.
      let readable = step.parameters == nil || lowest != nil
      for line in contentLines where readable && !line.text.trimmed().hasPrefix("#") {
        if StageRunCheck.isStageLine(line.text) {
          switch StageRunCheck.parse(line) {
          case .success(let stageLine): check.stageRuns.append(stageLine)
          case .failure(.message(let message)): problems.append((line.line, message))
          }
          continue
        }
        if LabEventCheck.isLabLine(line.text) {
          guard Placeholder.names(in: line.text).isEmpty else {
            problems.append((line.line, "a :lab line cannot use {{parameters}}"))
            continue
          }
          switch LabEventCheck.parse(line) {
          case .success(let labLine): check.labEvents.append(labLine)
          case .failure(.message(let message)): problems.append((line.line, message))
          }
          continue
        }
        // A parameterised line is read with the lowest values filled in, and keeps its text
        // as written for the learner's own values (see `fillParameters`).
        let filled = lowest.map {
          SourceLine(Placeholder.fill(line.text, with: $0), line: line.line)
        }
        switch CheckLineParser.parse(filled ?? line) {
        case .success(var checkLine):
          checkLine.source = line
          check.lines.append(checkLine)
        case .failure(.message(let message)): problems.append((line.line, message))
        }
      }
      if !contentLines.contains(where: { !$0.text.trimmed().hasPrefix("#") }) {
        problems.append((node.startLine, "this check block has no check lines"))
      }
      step.check = check
    case "hint": step.hints.append(text)
    case "solution":
      if step.solution == nil { step.solution = "" }
      append(text, to: &step.solution!, separator: "\n", work: &work)
    case "facts": step.facts += contentLines.map { $0.text.trimmed() }
    case "clear":
      for line in contentLines where !line.text.trimmed().hasPrefix("#") {
        let key = line.text.trimmed()
        if key.hasPrefix("rt:") && !key.contains(" ") {
          step.clear.append(SourceLine(key, line: line.line))
        } else {
          problems.append(
            (
              line.line,
              "cannot clear '\(key)': a clear line is one rt: key or rt:…* pattern (only lesson keys are cleared)"
            ))
        }
      }
    case "params":
      readParameters(node: node, lines: contentLines, into: &step, problems: &problems)
    case "interview": step.interviewPrompts += contentLines.map { $0.text.trimmed() }
    case "skills": step.skillTopics += contentLines.map { $0.text.trimmed() }
    case "mistake", "alternative":
      readAttempt(
        Attempt.Kind(rawValue: name) ?? .mistake, attributes: attributes, node: node,
        lines: contentLines, into: &step, problems: &problems)
    case "card":
      if let card = CardParser.parse(
        attributes: attributes, lines: contentLines, fenceLine: node.startLine, stepID: step.id,
        problems: &problems)
      {
        step.cards.append(card)
      }
    default: break
    }
  }
}

extension LessonParser {
  /// Reads a ```` ```mistake ```` or ```` ```alternative ```` block into the step, or, with a
  /// card id after the kind, into that challenge card of the step.
  fileprivate static func readAttempt(
    _ kind: Attempt.Kind, attributes: [String], node: MarkdownNode, lines: [SourceLine],
    into step: inout LessonStep, problems: inout [(Int, String)]
  ) {
    var why: String?
    var commands: [SourceLine] = []
    for (index, line) in lines.enumerated() {
      let text = line.text.trimmed()
      if index == 0, text.hasPrefix("# why:") {
        why = String(text.dropFirst("# why:".count)).trimmed()
        continue
      }
      if text.hasPrefix("#") { continue }
      guard case .arguments(let argv) = Tokenizer.split(Array(text.utf8)), !argv.isEmpty else {
        problems.append((line.line, "this \(kind.rawValue) line has unbalanced quotes"))
        continue
      }
      commands.append(SourceLine(text, line: line.line))
    }
    if commands.isEmpty {
      problems.append(
        (node.startLine, "this \(kind.rawValue) block has no commands (one Redis command a line)"))
      return
    }
    let attempt = Attempt(kind: kind, why: why, commands: commands, line: node.startLine)
    switch attributes.count {
    case 0:
      if step.check == nil {
        problems.append(
          (
            node.startLine,
            "a \(kind.rawValue) block needs a check to prove: put it after the step's ```check block"
          ))
      } else if kind == .mistake {
        step.mistakes.append(attempt)
      } else {
        step.alternatives.append(attempt)
      }
    case 1:
      guard let index = step.cards.lastIndex(where: { $0.id == attributes[0] }),
        case .challenge = step.cards[index].kind
      else {
        problems.append(
          (
            node.startLine,
            "no challenge card '\(attributes[0])' above in this step: put '```\(kind.rawValue) ID' after its card"
          ))
        return
      }
      if kind == .mistake {
        step.cards[index].mistakes.append(attempt)
      } else {
        step.cards[index].alternatives.append(attempt)
      }
    default:
      problems.append(
        (
          node.startLine,
          "a \(kind.rawValue) block starts '```\(kind.rawValue)' (for the step) or '```\(kind.rawValue) CARD-ID' (for a challenge card)"
        ))
    }
  }
}

/// Reads one line of a `check` block: `COMMAND args => matcher # message`.
enum CheckLineParser {
  static func parse(_ line: SourceLine) -> Result<CheckLine, LessonProblem.Reason> {
    guard let arrow = arrowIndex(line.text) else {
      return .failure(
        .message("a check line is 'COMMAND args => matcher', but this line has no '=>'"))
    }
    let command = String(line.text[..<arrow])
    guard case .arguments(let argv) = Tokenizer.split(Array(command.utf8)), !argv.isEmpty else {
      return .failure(.message("the command before '=>' is empty or has unbalanced quotes"))
    }
    let after = line.text[line.text.index(arrow, offsetBy: 2)...]
    do throws(LessonProblem.Reason) {
      let (matcher, message) = try ReplyMatcherParser.parse(after)
      return .success(CheckLine(argv: argv, matcher: matcher, message: message, source: line))
    } catch {
      return .failure(error)
    }
  }

  /// The first `=>` outside quotes.
  private static func arrowIndex(_ text: String) -> String.Index? {
    var quote: Character?
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if let open = quote {
        if character == "\\" && open == "\"" {
          index = text.index(after: index)
          if index == text.endIndex { return nil }
        } else if character == open {
          quote = nil
        }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == "=", text[index...].hasPrefix("=>") {
        return index
      }
      index = text.index(after: index)
    }
    return nil
  }
}

/// All the problems found in one file.
public struct LessonProblems: Error, Sendable, CustomStringConvertible {
  /// The problems in line order.
  public var problems: [LessonProblem]

  public init(_ problems: [LessonProblem]) { self.problems = problems }

  public var description: String { problems.map(\.description).joined(separator: "\n") }
}
