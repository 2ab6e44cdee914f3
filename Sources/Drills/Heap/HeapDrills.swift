import DeterministicRandom
import TerminalUI

/// The heap and priority-queue drills: insert, pop, heapify, k-th largest, top-k, merge, scheduler.
enum HeapDrills {
  static let all: [Drill] = [
    insert, pop, heapify, kthLargest, topKFrequent, mergeKSorted, taskScheduler,
  ]

  static let layoutRule =
    "The array stores the tree level by level: the children of index i are at 2i+1 and 2i+2."

  // MARK: heap-insert

  static let insert = Drill(
    name: "heap-insert", family: .heap,
    summary: "Binary heap insert: append, then sift up past every parent that ranks after it.",
    trace: { seed in
      let instance = HeapInstances.inserts(seed: seed)
      let order = instance.order
      let values = instance.operations.compactMap(insertedValue)
      return TraceSession(
        drill: "heap-insert", family: .heap, title: "Binary \(order.heapName): insert (sift-up)",
        instance: """
          A \(order.heapName): every parent is \(order.comparative) than its children. \
          \(layoutRule)

          \(HeapPicture.state(instance.initial))

          Insert, in order: \(spaced(values)). Each insert appends the value at the end, then \
          swaps it with its parent while it is strictly \(order.comparative).
          """,
        steps: instance.steps.map { step in
          TraceStep(
            prompt: """
              The \(order.heapName) is \(ArrayPicture.marked(step.before)). \
              Insert \(insertedValue(step.operation)!): the array after sift-up?
              """,
            format: .integers, expected: .integers(step.after), picture: HeapPicture.render(step),
            note: swapNote(step))
        })
    },
    solve: { seed in
      let instance = HeapInstances.inserts(seed: seed)
      let order = instance.order
      let steps = instance.steps
      let values = instance.operations.compactMap(insertedValue)
      return SolveProblem(
        drill: "heap-insert", family: .heap,
        statement: """
          The \(order.heapName) \(ArrayPicture.marked(instance.initial)):

          \(HeapPicture.tree(instance.initial))

          Insert \(spaced(values)) in that order (append, then sift up). \
          Type the array after the last insert.
          """,
        format: .integers, expected: .integers(steps.last!.after),
        explanation: walkthrough(steps))
    })

  // MARK: heap-pop

  static let pop = Drill(
    name: "heap-pop", family: .heap,
    summary: "Binary heap pop: move the last value to the root, then sift it down.",
    trace: { seed in
      let instance = HeapInstances.pops(seed: seed)
      let order = instance.order
      return TraceSession(
        drill: "heap-pop", family: .heap, title: "Binary \(order.heapName): pop (sift-down)",
        instance: """
          A \(order.heapName): every parent is \(order.comparative) than its children. \
          \(layoutRule)

          \(HeapPicture.state(instance.initial))

          Pop the root \(instance.operations.count) times. Each pop moves the last value to \
          the root, then swaps it with its \(order.comparative) child while that child is \
          strictly \(order.comparative) (the left child when both tie).
          """,
        steps: instance.steps.map { step in
          TraceStep(
            prompt: """
              The \(order.heapName) is \(ArrayPicture.marked(step.before)). \
              Pop the root: the array after sift-down?
              """,
            format: .integers, expected: .integers(step.after), picture: HeapPicture.render(step),
            note: "popped \(step.removed!); " + swapNote(step))
        })
    },
    solve: { seed in
      let instance = HeapInstances.pops(seed: seed)
      let order = instance.order
      let steps = instance.steps
      return SolveProblem(
        drill: "heap-pop", family: .heap,
        statement: """
          The \(order.heapName) \(ArrayPicture.marked(instance.initial)):

          \(HeapPicture.tree(instance.initial))

          Pop the root \(steps.count) times (last value to the root, then sift down). \
          Type the array after the last pop.
          """,
        format: .integers, expected: .integers(steps.last!.after),
        explanation: walkthrough(steps))
    })

  // MARK: heapify

  static let heapify = Drill(
    name: "heapify", family: .heap,
    summary: "Bottom-up heapify in O(n): sift down every parent, last parent first.",
    trace: { seed in
      let instance = HeapInstances.heapify(seed: seed)
      let order = instance.order
      return TraceSession(
        drill: "heapify", family: .heap, title: "Heapify into a \(order.heapName) (bottom-up)",
        instance: """
          Turn this array into a \(order.heapName). \(layoutRule)

          \(HeapPicture.state(instance.initial))

          Sift down each parent from the last one (index \(instance.initial.count / 2 - 1)) \
          to the root: swap with the \(order.comparative) child while it is strictly \
          \(order.comparative).
          """,
        steps: instance.steps.map { step in
          guard case .siftDown(let index) = step.operation else { preconditionFailure() }
          return TraceStep(
            prompt: """
              The array is \(ArrayPicture.marked(step.before)). Sift down index \(index) \
              (value \(step.before[index])): the array after?
              """,
            format: .integers, expected: .integers(step.after), picture: HeapPicture.render(step),
            note: swapNote(step))
        })
    },
    solve: { seed in
      let instance = HeapInstances.heapify(seed: seed)
      let steps = instance.steps
      return SolveProblem(
        drill: "heapify", family: .heap,
        statement: """
          Heapify \(ArrayPicture.marked(instance.initial)) into a \(instance.order.heapName) \
          bottom-up: sift down index \(instance.initial.count / 2 - 1), then each index \
          below it, down to 0. Type the array after heapify.
          """,
        format: .integers, expected: .integers(steps.last!.after),
        explanation: walkthrough(steps))
    })

  // MARK: kth-largest

  static let kthLargest = Drill(
    name: "kth-largest", family: .heap,
    summary: "K-th largest with a size-k min-heap: the root is the answer.",
    trace: { seed in
      var random = SplitMix64(seed: seed, stream: "kth-largest-trace")
      let k = random.int(in: 3...4)
      let values = random.distinct(random.int(in: 7...9), from: 1...99)
      var heap: [Int] = []
      var steps: [TraceStep] = []
      for value in values {
        let prompt = """
          The heap is \(ArrayPicture.marked(heap)). Next value \(value): the size-\(k) \
          min-heap array after?
          """
        if heap.count < k {
          let step = HeapTracer.insert(value, into: heap, order: .min)
          steps.append(
            TraceStep(
              prompt: prompt, format: .integers, expected: .integers(step.after),
              picture: HeapPicture.render(step),
              note: "fewer than \(k) values kept: insert \(value)"))
          heap = step.after
        } else if value > heap[0] {
          let step = HeapTracer.replaceRoot(of: heap, with: value, order: .min)
          steps.append(
            TraceStep(
              prompt: prompt, format: .integers, expected: .integers(step.after),
              picture: HeapPicture.render(step),
              note: "\(value) beats the root \(heap[0]): replace the root and sift down"))
          heap = step.after
        } else {
          steps.append(
            TraceStep(
              prompt: prompt, format: .integers, expected: .integers(heap),
              picture: HeapPicture.state(heap),
              note: "\(value) is not larger than the root \(heap[0]): ignored"))
        }
      }
      steps.append(
        TraceStep(
          prompt: "All values seen. The \(ordinal(k)) largest?", format: .integer,
          expected: .integer(heap[0]), picture: HeapPicture.state(heap),
          note: "the root of the size-\(k) min-heap is the \(ordinal(k)) largest"))
      return TraceSession(
        drill: "kth-largest", family: .heap, title: "K-th largest with a size-\(k) min-heap",
        instance: """
          Find the \(ordinal(k)) largest of the stream \(spaced(values)).

          Keep a min-heap of the \(k) largest values seen so far. While it holds fewer than \
          \(k), insert (sift up). After that, a value larger than the root replaces the root \
          (then sift down); a value not larger is ignored.
          """,
        steps: steps)
    },
    solve: { seed in
      var random = SplitMix64(seed: seed, stream: "kth-largest")
      let values = (0..<random.int(in: 9...12)).map { _ in random.int(in: 1...60) }
      let k = random.int(in: 2...5)
      let answer = HeapAlgorithms.kthLargest(values, k: k)
      let sorted = values.sorted(by: >)
      return SolveProblem(
        drill: "kth-largest", family: .heap,
        statement: """
          The \(ordinal(k)) largest of \(spaced(values))? (Duplicates count: in 9 9 5 the \
          2nd largest is 9.)
          """,
        format: .integer, expected: .integer(answer),
        explanation: """
          Sorted descending: \(spaced(sorted)); position \(k) is \(answer). A size-\(k) min-heap \
          gets there in O(n log k): its root is the smallest of the \(k) largest.
          """)
    })

  // MARK: top-k-frequent

  static let topKFrequent = Drill(
    name: "top-k-frequent", family: .heap,
    summary: "Top-k frequent: count, then keep the k best in a heap keyed by count.",
    trace: { seed in
      let (values, k) = topKInstance(seed: seed)
      let counts = countTable(values)
      let answer = HeapAlgorithms.topKFrequent(values, k: k)
      return TraceSession(
        drill: "top-k-frequent", family: .heap, title: "Top-\(k) frequent values",
        instance: """
          Values: \(spaced(values))

          Find the \(k) most frequent, most frequent first; equal counts put the smaller \
          value first.
          """,
        steps: [
          TraceStep(
            prompt: """
              The count of each distinct value, in increasing value order \
              (\(spaced(counts.map(\.value))))?
              """,
            format: .integers, expected: .integers(counts.map(\.count)),
            picture: frequencyBars(counts, chosen: []),
            note: "a hash map from value to count, one pass"),
          TraceStep(
            prompt: "The top \(k), most frequent first?", format: .integers,
            expected: .integers(answer), picture: frequencyBars(counts, chosen: Set(answer)),
            note: """
              a size-k min-heap whose root is the weakest kept (lowest count, then larger \
              value) keeps the best k in O(n log k)
              """),
        ])
    },
    solve: { seed in
      let (values, k) = topKInstance(seed: seed)
      let answer = HeapAlgorithms.topKFrequent(values, k: k)
      return SolveProblem(
        drill: "top-k-frequent", family: .heap,
        statement: """
          Values: \(spaced(values))

          The \(k) most frequent values, most frequent first (equal counts: smaller value \
          first)?
          """,
        format: .integers, expected: .integers(answer),
        explanation: frequencyBars(countTable(values), chosen: Set(answer)))
    })

  // MARK: merge-k-sorted

  static let mergeKSorted = Drill(
    name: "merge-k-sorted", family: .heap,
    summary: "Merge k sorted lists with a min-heap of the lists' heads.",
    trace: { seed in
      let lists = mergeInstance(seed: seed)
      var listOf: [Int: Int] = [:]
      for (list, values) in lists.enumerated() { for value in values { listOf[value] = list } }
      var positions = Array(repeating: 1, count: lists.count)
      var heap = HeapInstances.heap(of: lists.map { $0[0] }, order: .min)
      var merged: [Int] = []
      var steps: [TraceStep] = []
      let total = lists.reduce(0) { $0 + $1.count }
      let tracedPops = min(total, 7)
      for _ in 0..<tracedPops {
        let smallest = heap[0]
        let list = listOf[smallest]!
        merged.append(smallest)
        let step: HeapStep
        let action: String
        if positions[list] < lists[list].count {
          let next = lists[list][positions[list]]
          positions[list] += 1
          step = HeapTracer.replaceRoot(of: heap, with: next, order: .min)
          action =
            "output \(smallest) from list \(listName(list)); its next value \(next) replaces it"
        } else {
          step = HeapTracer.pop(from: heap, order: .min)
          action = "output \(smallest) from list \(listName(list)); that list is empty, so pop"
        }
        steps.append(
          TraceStep(
            prompt: """
              The heap of heads is \(ArrayPicture.marked(heap)). Take the smallest: \
              the heap array after?
              """,
            format: .integers, expected: .integers(step.after),
            picture: HeapPicture.render(step) + "\n\nmerged so far: \(spaced(merged))",
            note: action))
        heap = step.after
      }
      steps.append(
        TraceStep(
          prompt: "Finish the merge: the whole merged list?", format: .integers,
          expected: .integers(HeapAlgorithms.mergeKSorted(lists)),
          picture: "merged: \(spaced(HeapAlgorithms.mergeKSorted(lists)))",
          note: "n values, each pushed and popped once: O(n log k)"))
      return TraceSession(
        drill: "merge-k-sorted", family: .heap, title: "Merge \(lists.count) sorted lists",
        instance: """
          \(listsTable(lists))

          A min-heap holds the head of each list, inserted in list order A, B, C...:

          \(HeapPicture.state(HeapInstances.heap(of: lists.map { $0[0] }, order: .min)))

          Each step outputs the root. If its list has a next value, that value replaces the \
          root and sifts down; otherwise the root is popped.
          """,
        steps: steps)
    },
    solve: { seed in
      let lists = mergeInstance(seed: seed)
      let merged = HeapAlgorithms.mergeKSorted(lists)
      return SolveProblem(
        drill: "merge-k-sorted", family: .heap,
        statement: "\(listsTable(lists))\n\nThe merged sorted list?", format: .integers,
        expected: .integers(merged),
        explanation: """
          \(spaced(merged)). A min-heap of the \(lists.count) heads gives the next value in \
          O(log k), so the merge is O(n log k) rather than O(n k) by scanning every head.
          """)
    })

  // MARK: task-scheduler

  static let taskScheduler = Drill(
    name: "task-scheduler", family: .heap,
    summary: "A single CPU running tasks by priority from a heap of ready tasks.",
    trace: { seed in
      let (names, tasks) = schedulerInstance(seed: seed)
      let runs = TaskScheduler.schedule(tasks)
      var steps: [TraceStep] = []
      for (position, run) in runs.enumerated() {
        let done = Set(runs.prefix(position).map(\.task))
        let ready = tasks.indices.filter { !done.contains($0) && tasks[$0].arrival <= run.start }
          .sorted { TaskScheduler.ranks(tasks, $0, before: $1) }
        let readyText = ready.map {
          "\(names[$0]) (p\(tasks[$0].priority), arrived \(tasks[$0].arrival))"
        }
        let timeline = runs.prefix(position + 1).map { "\(names[$0.task]) \($0.start)-\($0.end)" }
        steps.append(
          TraceStep(
            prompt: "Time \(run.start): the CPU is free. Which task runs next?", format: .word,
            expected: .word(names[run.task]),
            picture: """
              time \(run.start), ready (best first): \(readyText.joined(separator: ", "))
              runs: \(names[run.task]) from \(run.start) to \(run.end)
              timeline: \(timeline.joined(separator: " | "))
              """,
            note: ready.count > 1
              ? "lowest priority number first; ties: earlier arrival" : "the only ready task"))
      }
      return TraceSession(
        drill: "task-scheduler", family: .heap, title: "Priority task scheduler",
        instance: """
          \(schedulerTable(names, tasks))

          One CPU, starting at time 0. When it is free it runs the ready task (arrived at or \
          before now) with the lowest priority number; ties go to the earlier arrival, then \
          to the task listed first. With nothing ready it waits for the next arrival. Tasks \
          are never interrupted.

          In Redis the ready queue is a sorted set: ZADD ready <priority> <task>, then ZPOPMIN \
          ready (BZPOPMIN blocks a worker until a task arrives). A sorted set breaks equal \
          scores by member name, not by arrival.
          """,
        steps: steps)
    },
    solve: { seed in
      let (names, tasks) = schedulerInstance(seed: seed)
      let runs = TaskScheduler.schedule(tasks)
      return SolveProblem(
        drill: "task-scheduler", family: .heap,
        statement: """
          \(schedulerTable(names, tasks))

          One CPU from time 0 runs, whenever free, the ready task with the lowest priority \
          number (ties: earlier arrival, then the task listed first), waiting if nothing is \
          ready; no interruptions. \
          The order in which the tasks run?
          """,
        format: .words, expected: .words(runs.map { names[$0.task] }),
        explanation: runs.map { "\($0.start)-\($0.end) \(names[$0.task])" }
          .joined(separator: "\n"))
    })

  // MARK: Instances

  static func topKInstance(seed: UInt64) -> (values: [Int], k: Int) {
    var random = SplitMix64(seed: seed, stream: "top-k-frequent")
    let values = (0..<random.int(in: 12...16)).map { _ in random.int(in: 1...6) }
    let distinct = Set(values).count
    return (values, random.int(in: 1...min(3, distinct)))
  }

  static func mergeInstance(seed: UInt64) -> [[Int]] {
    var random = SplitMix64(seed: seed, stream: "merge-k-sorted")
    let count = random.int(in: 3...4)
    let lengths = (0..<count).map { _ in random.int(in: 2...4) }
    var values = random.distinct(lengths.reduce(0, +), from: 1...60)
    var lists: [[Int]] = []
    for length in lengths {
      lists.append(values.prefix(length).sorted())
      values.removeFirst(length)
    }
    return lists
  }

  static let taskNames = [
    "backup", "email", "resize", "report", "index", "billing", "thumbs", "cleanup",
  ]

  static func schedulerInstance(seed: UInt64) -> (names: [String], tasks: [ScheduledTask]) {
    var random = SplitMix64(seed: seed, stream: "task-scheduler")
    let count = random.int(in: 5...6)
    let names = Array(random.shuffled(taskNames).prefix(count))
    let tasks = (0..<count).map { _ in
      ScheduledTask(
        arrival: random.int(in: 0...8), priority: random.int(in: 1...4),
        duration: random.int(in: 1...4))
    }
    return (names, tasks)
  }

  // MARK: Text

  static func insertedValue(_ operation: HeapOperation) -> Int? {
    if case .insert(let value) = operation { return value }
    return nil
  }

  static func swapNote(_ step: HeapStep) -> String {
    switch step.swaps.count {
    case 0: "no swaps"
    case 1: "1 swap"
    default: "\(step.swaps.count) swaps"
    }
  }

  static func walkthrough(_ steps: [HeapStep]) -> String {
    steps.map { step in
      let label: String
      switch step.operation {
      case .insert(let value): label = "insert \(value)"
      case .pop: label = "pop \(step.removed!)"
      case .siftDown(let index): label = "sift down index \(index)"
      case .replaceRoot(let value): label = "replace root with \(value)"
      }
      return "\(label): \(ArrayPicture.marked(step.after)) (\(swapNote(step)))"
    }.joined(separator: "\n")
  }

  static func spaced(_ values: [Int]) -> String {
    values.map(String.init).joined(separator: " ")
  }

  static func ordinal(_ number: Int) -> String {
    let suffix: String
    switch (number % 10, number % 100) {
    case (1, let tens) where tens != 11: suffix = "st"
    case (2, let tens) where tens != 12: suffix = "nd"
    case (3, let tens) where tens != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(number)\(suffix)"
  }

  static func listName(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(65 + index)))
  }

  static func listsTable(_ lists: [[Int]]) -> String {
    lists.enumerated().map { "list \(listName($0.offset)): \(spaced($0.element))" }
      .joined(separator: "\n")
  }

  static func countTable(_ values: [Int]) -> [(value: Int, count: Int)] {
    var counts: [Int: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    return counts.keys.sorted().map { ($0, counts[$0]!) }
  }

  static func frequencyBars(_ counts: [(value: Int, count: Int)], chosen: Set<Int>) -> String {
    counts.map { entry in
      let bar = String(repeating: "#", count: entry.count)
      let mark = chosen.contains(entry.value) ? "  <- top" : ""
      return "\(entry.value) | \(bar) \(entry.count)\(mark)"
    }.joined(separator: "\n")
  }

  static func schedulerTable(_ names: [String], _ tasks: [ScheduledTask]) -> String {
    var table = TextTable(
      headers: ["task", "arrival", "priority", "duration"], headerStyle: .plain)
    for (name, task) in zip(names, tasks) {
      table.addRow([name, String(task.arrival), String(task.priority), String(task.duration)])
    }
    return table.render()
  }
}
