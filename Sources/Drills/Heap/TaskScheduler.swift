/// A task for the single-CPU scheduler: when it arrives, how urgent it is, how long it runs.
public struct ScheduledTask: Sendable, Equatable {
  /// The time the task becomes ready.
  public var arrival: Int
  /// Lower runs first: priority 1 before priority 3.
  public var priority: Int
  /// How long the task holds the CPU once started (at least 1).
  public var duration: Int

  /// A task arriving at `arrival` with `priority`, running for `duration`.
  public init(arrival: Int, priority: Int, duration: Int) {
    self.arrival = arrival
    self.priority = priority
    self.duration = duration
  }
}

/// One task's turn on the CPU.
public struct TaskRun: Sendable, Equatable {
  /// The task's index in the input.
  public var task: Int
  /// When it started.
  public var start: Int
  /// When it finished (`start + duration`).
  public var end: Int
}

/// A single CPU that runs tasks by priority, without preemption, from a heap of ready tasks.
///
/// Rules: the clock starts at 0. Whenever the CPU is free it runs the ready task (arrival ≤
/// now) with the lowest priority number; ties go to the earlier arrival, then the lower
/// index. With nothing ready it idles until the next arrival. A task runs to completion.
public enum TaskScheduler {
  /// The runs in order, in O(n log n).
  public static func schedule(_ tasks: [ScheduledTask]) -> [TaskRun] {
    let arrivals = tasks.map(\.arrival)
    let byArrival = tasks.indices.sorted {
      arrivals[$0] != arrivals[$1] ? arrivals[$0] < arrivals[$1] : $0 < $1
    }
    var ready = BinaryHeap<ReadyTask> { $0.ranks(before: $1) }
    var runs: [TaskRun] = []
    runs.reserveCapacity(tasks.count)
    var now = 0
    var nextArrival = 0
    while runs.count < tasks.count {
      while nextArrival < byArrival.count && tasks[byArrival[nextArrival]].arrival <= now {
        let index = byArrival[nextArrival]
        let task = tasks[index]
        ready.insert(ReadyTask(priority: task.priority, arrival: task.arrival, index: index))
        nextArrival += 1
      }
      guard let task = ready.popFirst()?.element.index else {
        now = tasks[byArrival[nextArrival]].arrival
        continue
      }
      runs.append(TaskRun(task: task, start: now, end: now + tasks[task].duration))
      now += tasks[task].duration
    }
    return runs
  }

  /// The task indexes in the order they run.
  public static func runOrder(_ tasks: [ScheduledTask]) -> [Int] {
    schedule(tasks).map(\.task)
  }

  /// A ready task's place in the queue: priority, then arrival, then index.
  private struct ReadyTask: Sendable {
    var priority: Int
    var arrival: Int
    var index: Int

    func ranks(before other: ReadyTask) -> Bool {
      if priority != other.priority { return priority < other.priority }
      if arrival != other.arrival { return arrival < other.arrival }
      return index < other.index
    }
  }

  /// True when task `first` runs before task `second` if both are ready.
  public static func ranks(_ tasks: [ScheduledTask], _ first: Int, before second: Int) -> Bool {
    let one = tasks[first]
    let other = tasks[second]
    return (one.priority, one.arrival, first) < (other.priority, other.arrival, second)
  }
}
