import DeterministicRandom

/// Judge problem `task-scheduler`: the order a single CPU runs tasks by priority.
enum TaskSchedulerJudge: JudgeDefinition {
  typealias Instance = [ScheduledTask]

  static let name = "task-scheduler"
  static let family = DrillFamily.heap
  static let statement = """
    One CPU runs n tasks. Task i arrives at time arrival_i, has priority priority_i (lower \
    runs first) and runs for duration_i without interruption. The clock starts at 0. Whenever \
    the CPU is free it starts the ready task (arrival <= now) with the lowest priority number; \
    ties go to the earlier arrival, then to the lower task number. If nothing is ready it \
    waits for the next arrival. Print the task numbers in the order they run.

    Sort by arrival, then keep the ready tasks in a min-heap on (priority, arrival, number): \
    O(n log n). Large cases have n = 200,000.

    Example input:
    3
    0 2 5
    1 1 1
    1 3 1
    Example output:
    0 1 2
    """
  static let inputFormat = """
    Line 1: n (1 <= n <= 200000).
    Then n lines, one per task, numbered from 0: arrival priority duration \
    (0 <= arrival <= 1000000000, 1 <= priority <= 1000000000, 1 <= duration <= 10000).
    """
  static let outputFormat = "One line: the task numbers in the order they run, separated by spaces."

  static let edgeInstances: [Instance] = [
    [ScheduledTask(arrival: 0, priority: 1, duration: 1)],
    [
      ScheduledTask(arrival: 0, priority: 2, duration: 5),
      ScheduledTask(arrival: 1, priority: 1, duration: 1),
      ScheduledTask(arrival: 1, priority: 3, duration: 1),
    ],
    (0..<4).map { _ in ScheduledTask(arrival: 0, priority: 7, duration: 2) },
    [
      ScheduledTask(arrival: 100, priority: 1, duration: 1),
      ScheduledTask(arrival: 5, priority: 9, duration: 1),
    ],
    [
      ScheduledTask(arrival: 3, priority: 2, duration: 1),
      ScheduledTask(arrival: 0, priority: 5, duration: 10),
      ScheduledTask(arrival: 2, priority: 2, duration: 1),
    ],
    [
      ScheduledTask(arrival: 1_000_000_000, priority: 1_000_000_000, duration: 10_000),
      ScheduledTask(arrival: 1_000_000_000, priority: 1, duration: 10_000),
    ],
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    (0..<random.int(in: 1...30)).map { _ in
      ScheduledTask(
        arrival: random.int(in: 0...30), priority: random.int(in: 1...5),
        duration: random.int(in: 1...5))
    }
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    let crowded = (0..<200_000).map { _ in
      ScheduledTask(
        arrival: random.int(in: 0...100_000), priority: random.int(in: 1...1_000_000_000),
        duration: random.int(in: 1...10))
    }
    let spread = (0..<200_000).map { _ in
      ScheduledTask(
        arrival: random.int(in: 0...1_000_000_000), priority: random.int(in: 1...100),
        duration: random.int(in: 1...10_000))
    }
    return [crowded, spread]
  }

  static func input(for instance: Instance) -> String {
    JudgeText.input(
      ["\(instance.count)"]
        + instance.map { "\($0.arrival) \($0.priority) \($0.duration)" })
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt(), count >= 0 else { return nil }
    var tasks: Instance = []
    for _ in 0..<count {
      guard let arrival = reader.nextInt(), let priority = reader.nextInt(),
        let duration = reader.nextInt()
      else { return nil }
      tasks.append(ScheduledTask(arrival: arrival, priority: priority, duration: duration))
    }
    return tasks
  }

  static func answer(for instance: Instance) -> String {
    JudgeText.line(TaskScheduler.runOrder(instance))
  }
}
