extension LessonParser {
  /// Reports every `{{name}}` in `text` (the source of `node`) that will not be filled in: a
  /// name the step's ```` ```params ```` block does not declare, one outside a step, in a
  /// heading, or in a block whose text is not filled in (facts, cards).
  static func checkPlaceholders(
    in text: String, node: MarkdownNode, parameters: StepParameters?,
    problems: inout [(Int, String)]
  ) {
    let used = Placeholder.names(in: text)
    guard !used.isEmpty else { return }
    var blockName: String?
    var isHeading = false
    switch node.kind {
    case .codeBlock(let info): blockName = info.split(separator: " ").first.map(String.init) ?? ""
    case .heading: isHeading = true
    default: break
    }
    for (name, offset) in used {
      let line = node.startLine + offset
      if isHeading {
        problems.append(
          (line, "'{{\(name)}}' in a heading is not filled in: use parameters in the step's text"))
      } else if let parameters, parameters.declares(name) {
        if let blockName, meaningfulBlocks[blockName] != nil,
          !parameterisedBlocks.contains(blockName)
        {
          problems.append(
            (
              line,
              "'{{\(name)}}' is not filled in inside a '\(blockName)' block (prose and redis, check, hint, solution, mistake, alternative and clear blocks are)"
            ))
        }
      } else if let parameters {
        let known = parameters.declared.map(\.name).joined(separator: ", ")
        problems.append(
          (
            line,
            "unknown parameter '{{\(name)}}': this step's ```params block declares \(known)"
          ))
      } else {
        problems.append(
          (
            line,
            "unknown parameter '{{\(name)}}': declare it in a ```params block at the start of the step"
          ))
      }
    }
  }

  /// Reads a step's ```` ```params ```` block, proving that the lowest and the highest values
  /// can be worked out.
  static func readParameters(
    node: MarkdownNode, lines: [SourceLine], into step: inout LessonStep,
    problems: inout [(Int, String)]
  ) {
    if step.parameters != nil {
      problems.append(
        (node.startLine, "a step has one ```params block: declare every parameter in the first"))
      return
    }
    if !step.example.isEmpty || step.check != nil || !step.hints.isEmpty || step.solution != nil
      || !step.mistakes.isEmpty || !step.alternatives.isEmpty || !step.clear.isEmpty
    {
      problems.append(
        (
          node.startLine,
          "put the ```params block before the step's other blocks, so they can use its names"
        ))
    }
    let declared = ParameterParser.parse(lines, problems: &problems)
    guard !declared.isEmpty else {
      problems.append(
        (node.startLine, "this params block declares nothing (one 'name = 5..12' a line)"))
      return
    }
    let parameters = StepParameters(declared: declared)
    for choice in [ParameterChoice.lowest, .highest] {
      do {
        _ = try parameters.values(choice, day: 0, stepID: step.id)
      } catch {
        problems.append(
          (node.startLine, "with \(choice) the parameters cannot be worked out: \(error)"))
      }
    }
    step.parameters = parameters
  }

  /// Keeps each parameterised step's text as written and fills in its lowest values: the
  /// lesson as parsed is the lesson with the lowest values; `LessonCatalog.personalised`
  /// draws a learner's own.
  static func fillParameters(_ lesson: inout Lesson) {
    for block in lesson.blocks.indices {
      for index in lesson.blocks[block].steps.indices {
        let step = lesson.blocks[block].steps[index]
        guard var parameters = step.parameters else { continue }
        parameters.template = StepTemplate(
          prose: step.prose, example: step.example, hints: step.hints, solution: step.solution,
          checkLines: step.check?.lines.map(\.source) ?? [], mistakes: step.mistakes,
          alternatives: step.alternatives, clear: step.clear)
        var written = step
        written.parameters = parameters
        lesson.blocks[block].steps[index] = written.instantiated(.lowest, day: lesson.day)
      }
    }
  }
}
