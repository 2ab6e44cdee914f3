import Drills

/// The drill judge's cost per test case against running the same program directly.
///
/// The program is `/bin/cat` on a small input: the judge's own work (limits, process-group
/// checks, output cap, comparison) is what is left. Goal: at most 1.2× the direct run.
struct JudgeBenchmark {
  let plan: BenchmarkPlan

  func row() throws(HarnessError) -> BenchmarkRow {
    let name = "drill judge, per case (time)"
    Progress.say("measuring \(name)…")
    do {
      let runs = max(20, plan.promptRuns * 10)
      let (judged, direct) = try JudgeOverhead.measure(
        command: ["/bin/cat"], input: "3 2\n5 1 4\n", runs: runs)
      let ratio = judged / direct
      return BenchmarkRow(
        name: name, tutor: .measured(NumberFormatting.milliseconds(judged), met: ratio <= 1.2),
        reference: "direct spawn " + NumberFormatting.milliseconds(direct), ratio: ratio,
        goal: "<= 1.2")
    } catch {
      throw HarnessError("judge benchmark: \(error)")
    }
  }
}
