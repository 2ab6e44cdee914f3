import Progress
import RedisClient

/// The daily study session: where the learner is in a lesson, and what each meta-command does.
///
/// The engine knows lessons, progress and time; it knows nothing of terminals. It says things
/// through a `LessonDisplay` and reads the server through a `Connection` the caller passes in,
/// so the shell, the scripted walk test and the pty tests all drive the same code.
public final class LessonSession {
  /// Every lesson that loaded.
  public let catalog: LessonCatalog
  /// The lesson being studied.
  public private(set) var lesson: Lesson
  /// The plan the learner chose.
  public private(set) var plan: StudyPlan
  /// The index of the current step in the plan's steps.
  public private(set) var stepIndex = 0

  private let store: ProgressStore?
  private let clock: StudyClock
  private let display: LessonDisplay
  private let safety = CommandSafety()
  private var progress: [String: StepProgress] = [:]
  private var lastActivity: Double
  private var pendingSeconds = 0.0
  private var announcedOvertime: Set<String> = []
  private var serverVersion: RedisVersion??
  /// Steps whose `clear` block already ran in this session, so showing a step again never
  /// deletes what the learner has typed since.
  private var clearedSteps: Set<String> = []
  /// Called the first time a not-yet-passed step with a `clear` block is shown, before the
  /// learner's turn: the shell deletes the declared keys (or asks first) and says so.
  public var clearStep: ((LessonStep) -> Void)?
  /// What happened to the sandbox since the current step opened, for its `:lab` lines.
  private let labEvents = LabEventLog()

  /// Gaps longer than this between two actions count as a break, not as study time.
  public static let idleLimit = 600.0

  /// Opens a day of the catalog at a step, with the learner's plan.
  public init(
    catalog: LessonCatalog, lesson: Lesson, plan: StudyPlan, stepID: String? = nil,
    store: ProgressStore?, clock: StudyClock, display: LessonDisplay
  ) {
    self.catalog = catalog
    self.lesson = lesson
    self.plan = plan
    self.store = store
    self.clock = clock
    self.display = display
    lastActivity = clock.now()
    reloadProgress()
    if let stepID, let index = steps.firstIndex(where: { $0.id == stepID }) {
      stepIndex = index
    } else {
      stepIndex = steps.firstIndex { progress[$0.id]?.status != .passed } ?? 0
    }
  }

  /// Where the learner left off: the saved position, or day 1 from the start.
  ///
  /// On a new study day after a finished one, that is the next lesson: the finished day
  /// would only say it is complete.
  public static func resume(
    catalog: LessonCatalog, store: ProgressStore?, defaultPlan: StudyPlan, clock: StudyClock,
    display: LessonDisplay
  ) -> LessonSession? {
    let saved = try? store?.position()
    let plan = saved.flatMap { StudyPlan(rawValue: $0.plan) } ?? defaultPlan
    if let saved, let lesson = catalog.lesson(day: saved.day),
      StudyClock.calendarDay(saved.updatedAt) < StudyClock.calendarDay(clock.now()),
      isFinished(lesson, plan: plan, store: store),
      let next = catalog.lessons.filter({ $0.day > lesson.day }).min(by: { $0.day < $1.day })
    {
      display.note(
        "Day \(lesson.day) is finished, so a new study day starts day \(next.day); :lesson \(lesson.day) goes back."
      )
      return LessonSession(
        catalog: catalog, lesson: next, plan: plan, store: store, clock: clock, display: display)
    }
    if let saved, let lesson = catalog.lesson(day: saved.day) {
      return LessonSession(
        catalog: catalog, lesson: lesson, plan: plan, stepID: saved.step, store: store,
        clock: clock, display: display)
    }
    guard let first = catalog.lessons.first else { return nil }
    return LessonSession(
      catalog: catalog, lesson: first, plan: plan, store: store, clock: clock, display: display)
  }

  /// Whether every step of `lesson`'s plan is passed or skipped: nothing is left to do there.
  private static func isFinished(_ lesson: Lesson, plan: StudyPlan, store: ProgressStore?) -> Bool {
    guard let progress = (try? store?.steps(day: lesson.day)) ?? nil else { return false }
    return lesson.steps(in: plan).allSatisfy { step in
      progress[step.id]?.status == .passed || progress[step.id]?.status == .skipped
    }
  }

  // MARK: - Where we are

  /// The steps of the current plan.
  public var steps: [LessonStep] { lesson.steps(in: plan) }

  /// The current step.
  public var step: LessonStep { steps[min(stepIndex, steps.count - 1)] }

  /// The block of the current step.
  public var block: LessonBlock { lesson.block(containing: step.id) ?? lesson.blocks[0] }

  /// What the store knows of a step.
  public func progress(of stepID: String) -> StepProgress? { progress[stepID] }

  /// Whether the current step is done (passed, or read for a reading step).
  public var currentStepDone: Bool { progress[step.id]?.status == .passed }

  /// Minutes spent in the current block, including the stretch not yet saved.
  public var blockMinutes: Double {
    let saved = (try? store?.blockTimes(day: lesson.day))??[block.id] ?? 0
    return (saved + pendingSeconds + currentStretch()) / 60
  }

  /// A short prompt prefix: day, block, minutes against the plan.
  public var promptPrefix: String {
    let position = blockPosition
    return
      "[day \(lesson.day) · \(block.id) \(position.number)/\(position.count) · \(blockTime)] "
  }

  /// `promptPrefix` for a narrow terminal: `[d1 1/4 0/75m] `, the block's name left out.
  public var compactPromptPrefix: String {
    let position = blockPosition
    return "[d\(lesson.day) \(position.number)/\(position.count) \(blockTime)] "
  }

  /// The current block's place in today's plan: its number from 1, and how many there are.
  private var blockPosition: (number: Int, count: Int) {
    let blocks = lesson.blocks(in: plan)
    return ((blocks.firstIndex { $0.id == block.id } ?? 0) + 1, blocks.count)
  }

  /// Whole minutes spent in the block against its planned upper bound: `12/75m`.
  private var blockTime: String { "\(Int(blockMinutes))/\(block.minutes.upperBound)m" }

  // MARK: - Showing

  /// Shows the day's title, goal and plan, then the current step.
  public func showDay() {
    var text = "# Day \(lesson.day): \(lesson.title)\n"
    if let goal = lesson.goal { text += "\n*Goal:* \(goal)\n" }
    if let needs = lesson.requires, let version = currentServerVersion(), version < needs {
      text +=
        "\n> This day needs Redis ≥ \(needs); the server is \(version). Steps that use newer commands will fail.\n"
    }
    text += "\n**Plan (\(plan.rawValue)):**\n\n"
    for (index, block) in lesson.blocks(in: plan).enumerated() {
      let marker = block.id == self.block.id ? " ← you are here" : ""
      text +=
        "\(index + 1). \(block.title) (\(block.kind.rawValue), \(block.minutesText))\(marker)\n"
    }
    if !lesson.introduction.isEmpty { text += "\n" + lesson.introduction + "\n" }
    display.markdown(text)
    showStep()
  }

  /// Shows today's plan for `:plan`: each block's time spent and planned, how many of its
  /// steps are done, and where the learner is.
  public func showPlan() {
    touch()
    let savedSeconds = ((try? store?.blockTimes(day: lesson.day)) ?? nil) ?? [:]
    var text = "# Day \(lesson.day) plan (\(plan.rawValue)): \(lesson.title)\n\n"
    for (index, planned) in lesson.blocks(in: plan).enumerated() {
      let blockSteps = steps.filter { lesson.block(containing: $0.id)?.id == planned.id }
      let done = blockSteps.filter { progress[$0.id]?.status == .passed }.count
      let minutes = planned.id == block.id ? blockMinutes : (savedSeconds[planned.id] ?? 0) / 60
      let mark = !blockSteps.isEmpty && done == blockSteps.count ? "✓ " : ""
      text +=
        "\(index + 1). \(mark)\(planned.title) (\(planned.kind.rawValue), \(planned.minutesText)):"
        + " \(Int(minutes)) min spent, \(done)/\(blockSteps.count) steps done"
      if planned.id == block.id { text += " ← you are here, step \(stepIndex + 1)/\(steps.count)" }
      text += "\n"
    }
    text += "\n:plan 4h or :plan 6h switches plans; :step shows the current step again.\n"
    display.markdown(text)
  }

  /// Shows the current step: its place in the day, its prose and what to do next.
  public func showStep() {
    labEvents.enterStep(labStepKey)
    display.stepShown(lesson.day, step.id, step.title)
    let number = stepIndex + 1
    let blocks = lesson.blocks(in: plan)
    let blockNumber = (blocks.firstIndex { $0.id == block.id } ?? 0) + 1
    var text = "## \(step.title)\n\n"
    text +=
      "*Day \(lesson.day) · block \(blockNumber)/\(blocks.count) \(block.title) (\(block.minutesText)) · step \(number)/\(steps.count)*\n\n"
    if let needs = step.check?.needs, let version = currentServerVersion(), version < needs {
      text += "> This step needs Redis ≥ \(needs) (the server is \(version)); :skip moves on.\n\n"
    }
    text += step.prose
    display.markdown(text)
    if !step.clear.isEmpty && !currentStepDone && clearedSteps.insert(step.id).inserted {
      clearStep?(step)
    }
    if step.isChecked {
      if currentStepDone {
        display.success("✓ Done. :next moves on; :solution shows a model answer.")
      } else {
        display.note(
          "Your turn: each command you type is checked. :hint helps; :run shows the example."
        )
      }
    } else if !step.explainCards.isEmpty {
      let questions = step.explainCards.count
      display.note(
        ":answers asks \(questions == 1 ? "this question" : "these \(questions) questions") one at a time: your answer first, then the model answer. :next when you are ready."
      )
    } else {
      display.note(":next when you are ready.")
    }
    savePosition()
  }

  // MARK: - Moving

  /// Moves to the next step; a checked step must be passed (or skipped) first.
  public func next() {
    touch()
    if step.isChecked && !currentStepDone && progress[step.id]?.status != .skipped {
      display.problem(
        "This step's check has not passed yet: :check to see what is missing, :hint for help, or :skip to move on anyway."
      )
      return
    }
    if !step.isChecked {
      update(step.id) { $0.status = .passed }
      record { try $0.markRead(day: lesson.day, step: step.id, at: clock.now()) }
    }
    advance()
  }

  /// Skips the current step without passing it.
  public func skip() {
    touch()
    update(step.id) { if $0.status != .passed { $0.status = .skipped } }
    record { try $0.markSkipped(day: lesson.day, step: step.id, at: clock.now()) }
    display.note("Skipped '\(step.title)'. It stays open in :progress.")
    advance()
  }

  /// Goes back one step.
  public func back() {
    touch()
    guard stepIndex > 0 else {
      display.note("This is the first step of day \(lesson.day).")
      return
    }
    move(to: stepIndex - 1)
  }

  /// Goes to a step of the open day by its number in the plan (`:step 3`) or its id
  /// (`:step set-nx`); anything else gets one line saying what to type.
  public func goToStep(_ word: String) {
    touch()
    let usage =
      "Type :step 1 to :step \(steps.count), or a step id of day \(lesson.day) such as :step \(steps[0].id)."
    if let number = Int(word) {
      guard steps.indices.contains(number - 1) else {
        display.problem(
          "Day \(lesson.day) has no step \(number) in the \(plan.rawValue) plan. \(usage)")
        return
      }
      move(to: number - 1)
      return
    }
    let id = word.lowercased()
    if let index = steps.firstIndex(where: { $0.id.lowercased() == id }) {
      move(to: index)
    } else if lesson.allSteps.contains(where: { $0.id.lowercased() == id }) {
      display.problem(
        "Step '\(word)' is not in the \(plan.rawValue) plan of day \(lesson.day); :plan 6h includes every step."
      )
    } else {
      display.problem("Day \(lesson.day) has no step '\(word)'. \(usage)")
    }
  }

  /// Opens another day (at the first step not yet passed).
  public func open(day: Int) {
    touch()
    guard let other = catalog.lesson(day: day) else {
      let days = catalog.lessons.map { String($0.day) }.joined(separator: ", ")
      display.problem("There is no lesson for day \(day) (lessons: \(days)).")
      return
    }
    flushTime()
    lesson = other
    reloadProgress()
    stepIndex = steps.firstIndex { progress[$0.id]?.status != .passed } ?? 0
    announcedOvertime = []
    showDay()
  }

  /// Opens `day` at the step `stepID` (a quiz card's link back to what it tests).
  ///
  /// A step that is not in today's plan is shown anyway, from the day's first step of the plan.
  public func open(day: Int, stepID: String) {
    if day != lesson.day {
      touch()
      guard let other = catalog.lesson(day: day) else {
        display.problem("There is no lesson for day \(day).")
        return
      }
      flushTime()
      lesson = other
      reloadProgress()
      announcedOvertime = []
    }
    guard let index = steps.firstIndex(where: { $0.id == stepID }) else {
      display.problem(
        "Step '\(stepID)' is not in the \(plan.rawValue) plan of day \(day); :plan 6h includes every step."
      )
      stepIndex = 0
      showDay()
      return
    }
    touch()
    move(to: index)
    savePosition()
  }

  /// Changes the plan; keeps the current step when the new plan has it.
  public func choose(plan newPlan: StudyPlan) {
    touch()
    let current = step.id
    plan = newPlan
    record { try $0.setSetting("plan", newPlan.rawValue) }
    stepIndex = steps.firstIndex { $0.id == current } ?? min(stepIndex, steps.count - 1)
    savePosition()
    display.note(
      "Plan: \(newPlan.rawValue), \(lesson.blocks(in: newPlan).count) blocks today.")
  }

  private func advance() {
    if stepIndex + 1 < steps.count {
      move(to: stepIndex + 1)
      return
    }
    flushTime()
    let open = steps.filter { progress[$0.id]?.status != .passed }
    if open.isEmpty {
      display.success("🎉 Day \(lesson.day) complete: every step passed.")
    } else {
      display.success(
        "End of day \(lesson.day). Still open: \(open.map(\.id).joined(separator: ", ")) (:progress shows them)."
      )
    }
    if catalog.lesson(day: lesson.day + 1) != nil {
      display.note(":lesson \(lesson.day + 1) starts the next day.")
    }
  }

  private func move(to index: Int) {
    let previousBlock = block.id
    flushTime()
    stepIndex = index
    if block.id != previousBlock {
      let blocks = lesson.blocks(in: plan)
      let number = (blocks.firstIndex { $0.id == block.id } ?? 0) + 1
      display.success(
        "Block \(number)/\(blocks.count): \(block.title) (\(block.kind.rawValue), \(block.minutesText)) starts."
      )
      if !block.introduction.isEmpty { display.markdown(block.introduction) }
    }
    showStep()
  }

  // MARK: - Checking

  /// Which step the lab events belong to.
  private var labStepKey: String { "\(lesson.day)/\(step.id)" }

  /// Notes something that happened to the sandbox (a command it accepted, a crash, a
  /// restart) for the current step's `:lab` lines; a new step starts a new log.
  public func recordLabEvent(_ event: LabEventLog.Event) {
    labEvents.enterStep(labStepKey)
    labEvents.record(event)
  }

  /// Runs the current step's check.
  ///
  /// `automatic` checks (after each command) stay quiet unless the step passes; an explicit
  /// `:check` explains every line that does not match.
  @discardableResult
  public func check(on connection: Connection, automatic: Bool) -> CheckResult? {
    touch()
    guard let check = step.check else {
      if !automatic { display.note("This is a reading step; :next moves on.") }
      return nil
    }
    if automatic && currentStepDone { return nil }
    if connection.inTransaction {
      if !automatic { display.note("The check waits until EXEC or DISCARD ends the transaction.") }
      return nil
    }
    let result: CheckResult
    labEvents.enterStep(labStepKey)
    do {
      result = try CheckRunner(connection: connection, safety: safety, labEvents: labEvents).run(
        check)
    } catch {
      if !automatic { display.problem("The check could not run: \(error)") }
      return nil
    }
    let wasDone = currentStepDone
    switch result {
    case .passed:
      update(step.id) {
        $0.status = .passed
        $0.attempts += 1
      }
      record { try $0.recordAttempt(day: lesson.day, step: step.id, passed: true, at: clock.now()) }
      if !wasDone || !automatic {
        display.success(
          "✓ Step passed: \(step.title). :next moves on; :solution shows a model answer.")
      }
    case .notYet(let failures):
      guard !automatic else { return result }
      update(step.id) { $0.attempts += 1 }
      record {
        try $0.recordAttempt(day: lesson.day, step: step.id, passed: false, at: clock.now())
      }
      display.problem("Not yet:")
      for failure in failures { display.problem("  ✗ " + failure.explanation) }
      let level = progress[step.id]?.hintsUsed ?? 0
      if level < step.hints.count {
        display.note(":hint gives hint \(level + 1) of \(step.hints.count).")
      }
    case .refused(let line, let reason):
      display.problem("Lesson error at \(lesson.file):\(line.source.line): \(reason).")
    case .needsNewerRedis(let needs, let have):
      if !automatic {
        display.note("This step needs Redis ≥ \(needs); the server is \(have). :skip moves on.")
      }
    }
    return result
  }

  // MARK: - Help

  /// Shows the next hint level.
  public func hint() {
    touch()
    guard !step.hints.isEmpty else {
      display.note(
        step.isChecked
          ? "No hints for this step; :run shows the example." : "A reading step has no hints.")
      return
    }
    let used = progress[step.id]?.hintsUsed ?? 0
    let level = min(used + 1, step.hints.count)
    update(step.id) { $0.hintsUsed = max($0.hintsUsed, level) }
    record { try $0.recordHint(day: lesson.day, step: step.id, level: level, at: clock.now()) }
    display.markdown("**Hint \(level)/\(step.hints.count):** " + step.hints[level - 1])
    if level == step.hints.count && used >= step.hints.count {
      display.note("That was the last hint; :solution shows a model answer (it asks first).")
    }
  }

  /// Shows the solution: at once after passing, otherwise only when `confirm` says yes.
  public func solution(confirm: () -> Bool) {
    touch()
    guard let solution = step.solution else {
      display.note("This step has no written solution; :run shows the example.")
      return
    }
    if !currentStepDone && !confirm() {
      display.note("Kept hidden. :hint gives a smaller nudge.")
      return
    }
    update(step.id) { $0.solutionViewed = true }
    record { try $0.recordSolutionViewed(day: lesson.day, step: step.id, at: clock.now()) }
    display.markdown("**Solution:**\n\n```redis\n" + solution + "\n```")
  }

  /// The example lines `:run` types, in order.
  public var exampleLines: [String] { step.example.map(\.text) }

  // MARK: - Progress and reset

  /// A per-day summary for `:progress` and `redis-tutor progress`.
  public func progressReport() -> String {
    ProgressReport(
      catalog: catalog, store: store, plan: plan, today: StudyClock.calendarDay(clock.now())
    )
    .text(current: (lesson.day, step.id))
  }

  /// What `:reset` clears.
  public enum ResetScope: String, Sendable {
    case step, day, all
  }

  /// Clears progress for a scope and deletes the lesson keys it named.
  ///
  /// Only keys under `rt:` that the scope's steps name are deleted; `all` on the private
  /// sandbox also removes every other `rt:` key (found with SCAN). Nothing else is touched.
  public func reset(
    _ scope: ResetScope, connection: Connection?, onSandbox: Bool,
    keys: (LessonStep) -> [[UInt8]]
  ) {
    touch()
    let scopeSteps: [LessonStep]
    switch scope {
    case .step: scopeSteps = [step]
    case .day: scopeSteps = lesson.allSteps
    case .all: scopeSteps = catalog.lessons.flatMap(\.allSteps)
    }
    var names = Set(scopeSteps.flatMap(keys).filter { $0.starts(with: Array("rt:".utf8)) })
    if scope == .all && onSandbox, let connection {
      names.formUnion((try? StepClearing.scan(matching: "rt:*", on: connection)) ?? [])
    }
    var deleted = 0
    if let connection, !names.isEmpty {
      for chunk in Array(names).chunked(into: 256) {
        deleted += Int((try? connection.send([Array("UNLINK".utf8)] + chunk))?.integer ?? 0)
      }
    }
    switch scope {
    case .step: record { try $0.reset(day: lesson.day, step: step.id) }
    case .day: record { try $0.reset(day: lesson.day) }
    case .all: record { try $0.resetAll() }
    }
    reloadProgress()
    if scope != .step { stepIndex = 0 }
    // The lab's actions start over with its keys.
    labEvents.clear()
    display.note("Reset \(scope.rawValue): progress cleared, \(deleted) lesson key(s) deleted.")
    showStep()
  }

  // MARK: - Time

  /// Counts the time since the last action toward the current block.
  ///
  /// Announces once when the block's planned time is up. The shell calls it before each
  /// prompt.
  public func tick() {
    touch()
    let minutes = blockMinutes
    if minutes >= Double(block.minutes.upperBound) && !announcedOvertime.contains(block.id) {
      announcedOvertime.insert(block.id)
      let blocks = lesson.blocks(in: plan)
      let nextBlock = blocks.drop { $0.id != block.id }.dropFirst().first
      let nextText = nextBlock.map { " Next: \($0.title) (\($0.minutesText))." } ?? ""
      display.success(
        "⏰ \(block.title): the planned \(block.minutesText) are up (\(Int(minutes)) min).\(nextText) Finish this step, or :next to move on."
      )
    }
  }

  /// Saves the time not yet written; call before leaving.
  public func flushTime() {
    touch()
    guard pendingSeconds > 0 else { return }
    let seconds = pendingSeconds
    let blockID = block.id
    pendingSeconds = 0
    record { try $0.addBlockTime(day: lesson.day, block: blockID, seconds: seconds) }
  }

  /// The time since the last action, or nothing when that gap is a break: a break counts
  /// for none of its minutes, not for its first ten.
  private func currentStretch() -> Double {
    let gap = max(0, clock.now() - lastActivity)
    return gap > Self.idleLimit ? 0 : gap
  }

  private func touch() {
    let now = clock.now()
    pendingSeconds += currentStretch()
    lastActivity = now
    if pendingSeconds >= 30 { flushTimeNow() }
  }

  private func flushTimeNow() {
    let seconds = pendingSeconds
    pendingSeconds = 0
    let day = lesson.day
    let blockID = block.id
    record {
      try $0.addBlockTime(day: day, block: blockID, seconds: seconds)
      try $0.recordStudyDay(StudyClock.calendarDay(clock.now()))
    }
  }

  // MARK: - Store

  private func reloadProgress() {
    progress = ((try? store?.steps(day: lesson.day)) ?? nil) ?? [:]
  }

  private func savePosition() {
    let position = LessonPosition(
      day: lesson.day, step: step.id, plan: plan.rawValue, updatedAt: clock.now())
    record {
      try $0.savePosition(position)
      try $0.recordStudyDay(StudyClock.calendarDay(clock.now()))
    }
  }

  /// Runs a store write; a failure is said once and the session carries on without saving.
  private func record(_ write: (ProgressStore) throws -> Void) {
    guard let store else { return }
    do {
      try write(store)
    } catch {
      display.problem("Progress not saved: \(error)")
    }
  }

  /// Changes what the session knows of a step; the store is written separately, so the
  /// session still works (unsaved) when the database cannot be opened.
  private func update(_ stepID: String, _ change: (inout StepProgress) -> Void) {
    var state = progress[stepID] ?? StepProgress(status: .started)
    change(&state)
    progress[stepID] = state
  }

  private func currentServerVersion() -> RedisVersion? {
    serverVersion ?? nil
  }

  /// Tells the session which Redis version the server runs, for `needs` markers.
  public func noteServerVersion(_ version: RedisVersion?) { serverVersion = .some(version) }
}

extension Array {
  func chunked(into size: Int) -> [[Element]] {
    stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
  }
}
