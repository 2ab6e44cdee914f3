import DeterministicRandom

/// The sliding-window drills: max and sum, longest unique run, covering window, event counts.
enum WindowDrills {
  static let all: [Drill] = [
    windowMax, windowSum, longestUniqueSubstring, minWindowCover, eventsLastN,
  ]

  // MARK: window-max

  static let windowMax = Drill(
    name: "window-max", family: .window,
    summary: "Fixed-size window maximum with a monotonic deque, O(n).",
    trace: { seed in
      let (values, k) = numbersInstance(seed: seed)
      let states = SlidingWindow.maximaTrace(values, k: k)
      var steps = states.map { state in
        TraceStep(
          prompt: """
            Read \(values[state.index]) (index \(state.index)): the deque's values, front first?
            """,
          format: .integers, expected: .integers(state.deque.map { values[$0] }),
          picture: WindowPicture.maximum(values, k: k, state: state),
          note: state.maximum.map { "the front is the window max: \($0)" })
      }
      let maxima = SlidingWindow.maxima(values, k: k)
      steps.append(
        TraceStep(
          prompt: "The window maximums, in order?", format: .integers, expected: .integers(maxima),
          picture: "maximums: " + HeapDrills.spaced(maxima),
          note: "each index enters and leaves the deque at most once: O(n)"))
      return TraceSession(
        drill: "window-max", family: .window, title: "Window maximum, k = \(k)",
        instance: """
          \(HeapDrills.spaced(values))

          Slide a window of \(k) over the values. A deque holds indices whose values strictly \
          decrease from front to back. Reading a value: pop the back while its value is <= the \
          new one, push the new index, then drop the front if it slid out of the window. The \
          front is the window's maximum.
          """,
        steps: steps)
    },
    solve: { seed in
      let (values, k) = numbersInstance(seed: seed)
      let maxima = SlidingWindow.maxima(values, k: k)
      return SolveProblem(
        drill: "window-max", family: .window,
        statement: "\(HeapDrills.spaced(values))\n\nThe maximum of each window of \(k), in order?",
        format: .integers, expected: .integers(maxima),
        explanation: windowList(values, k: k) { "max \($0.max()!)" })
    })

  // MARK: window-sum

  static let windowSum = Drill(
    name: "window-sum", family: .window,
    summary: "Fixed-size window sum: add the value entering, subtract the one leaving.",
    trace: { seed in
      let (values, k) = numbersInstance(seed: seed)
      let sums = SlidingWindow.sums(values, k: k)
      let steps = sums.enumerated().map { start, sum in
        let end = start + k - 1
        let prompt =
          start == 0
          ? "The first window, indices 0..\(end): its sum?"
          : "Slide to \(start)..\(end) (\(values[end]) in, \(values[start - 1]) out): the sum?"
        return TraceStep(
          prompt: prompt, format: .integer, expected: .integer(sum),
          picture: WindowPicture.sum(values, window: start...end, sum: sum),
          note: start == 0
            ? nil : "\(sums[start - 1]) + \(values[end]) - \(values[start - 1]) = \(sum)")
      }
      return TraceSession(
        drill: "window-sum", family: .window, title: "Window sum, k = \(k)",
        instance: """
          \(HeapDrills.spaced(values))

          Slide a window of \(k) over the values, keeping a running sum: add the value that \
          enters, subtract the one that leaves.
          """,
        steps: steps)
    },
    solve: { seed in
      let (values, k) = numbersInstance(seed: seed)
      return SolveProblem(
        drill: "window-sum", family: .window,
        statement: "\(HeapDrills.spaced(values))\n\nThe sum of each window of \(k), in order?",
        format: .integers, expected: .integers(SlidingWindow.sums(values, k: k)),
        explanation: windowList(values, k: k) { "sum \($0.reduce(0, +))" })
    })

  // MARK: longest-unique-substring

  static let longestUniqueSubstring = Drill(
    name: "longest-unique-substring", family: .window,
    summary: "Longest substring without repeating characters: jump the left edge past the repeat.",
    trace: { seed in
      let text = uniqueInstance(seed: seed)
      let characters = Array(text)
      let windows = SlidingWindow.uniqueWindows(characters)
      var best = 0
      var steps: [TraceStep] = []
      for (index, window) in windows.enumerated() {
        best = max(best, window.count)
        steps.append(
          TraceStep(
            prompt: "Read '\(characters[index])' (index \(index)): the window after?",
            format: .word, expected: .word(String(characters[window])),
            picture: WindowPicture.text(characters, window: window) + ", best \(best)",
            note: window.lowerBound > (index > 0 ? windows[index - 1].lowerBound : 0)
              ? "'\(characters[index])' repeats: the left edge jumps to \(window.lowerBound)"
              : nil))
      }
      steps.append(
        TraceStep(
          prompt: "The length of the longest substring without repeats?", format: .integer,
          expected: .integer(best), picture: "longest: \(best)",
          note: "each index enters once and the left edge only moves right: O(n)"))
      return TraceSession(
        drill: "longest-unique-substring", family: .window,
        title: "Longest substring without repeats",
        instance: """
          \(characters.map(String.init).joined(separator: " "))

          Grow a window to the right one character at a time. When the new character is \
          already inside, move the left edge just past its earlier copy. Type each window as \
          a string, such as cab.
          """,
        steps: steps)
    },
    solve: { seed in
      let text = uniqueInstance(seed: seed)
      let characters = Array(text)
      let windows = SlidingWindow.uniqueWindows(characters)
      let best = windows.max { $0.count < $1.count }!
      return SolveProblem(
        drill: "longest-unique-substring", family: .window,
        statement: "\(text)\n\nThe length of the longest substring without repeating characters?",
        format: .integer, expected: .integer(best.count),
        explanation: WindowPicture.text(characters, window: best))
    })

  // MARK: min-window-cover

  static let minWindowCover = Drill(
    name: "min-window-cover", family: .window,
    summary: "Minimum window covering a set: grow until covered, then shrink from the left.",
    trace: { seed in
      let (text, required) = coverInstance(seed: seed)
      let characters = Array(text)
      let windows = SlidingWindow.coveringWindows(characters, covering: required)
      let setText = setList(required)
      let firstCovered = windows.firstIndex { $0 != nil }!
      var steps: [TraceStep] = []
      for index in firstCovered..<characters.count {
        let window = windows[index]!
        steps.append(
          TraceStep(
            prompt: """
              Read '\(characters[index])' (index \(index)): the shortest window ending here \
              that covers \(setText)?
              """,
            format: .word, expected: .word(String(characters[window])),
            picture: WindowPicture.text(characters, window: window),
            note: index == firstCovered
              ? "the first index where every letter of \(setText) is inside" : nil))
      }
      let best = SlidingWindow.minimumWindow(characters, covering: required)!
      steps.append(
        TraceStep(
          prompt: "The minimum window overall (the leftmost if several tie)?", format: .word,
          expected: .word(String(characters[best])),
          picture: WindowPicture.text(characters, window: best),
          note: "the shortest of the windows above"))
      return TraceSession(
        drill: "min-window-cover", family: .window, title: "Minimum window covering \(setText)",
        instance: """
          \(characters.map(String.init).joined(separator: " "))

          Find the shortest substring containing every letter of \(setText). Grow the window \
          to the right; once it covers the set, shrink it from the left while it still does. \
          Type each window as a string.
          """,
        steps: steps)
    },
    solve: { seed in
      let (text, required) = coverInstance(seed: seed)
      let characters = Array(text)
      let best = SlidingWindow.minimumWindow(characters, covering: required)!
      return SolveProblem(
        drill: "min-window-cover", family: .window,
        statement: """
          \(text)

          The shortest substring containing every letter of \(setList(required))? \
          (The leftmost if several tie.)
          """,
        format: .word, expected: .word(String(characters[best])),
        explanation: WindowPicture.text(characters, window: best))
    })

  // MARK: events-last-n

  static let eventsLastN = Drill(
    name: "events-last-n", family: .window,
    summary:
      "Count events in the last N seconds: a sliding-window log, as in a Redis rate limiter.",
    trace: { seed in
      let instance = eventsInstance(seed: seed)
      let counts = SlidingWindow.countsInLast(
        instance.span, events: instance.events, queries: instance.queries)
      let steps = zip(instance.queries, counts).map { time, count in
        TraceStep(
          prompt: """
            At t = \(time): how many events in the last \(instance.span) seconds, \
            (\(time - instance.span), \(time)]?
            """,
          format: .integer, expected: .integer(count),
          picture: WindowPicture.events(instance.events, span: instance.span, time: time),
          note: """
            in Redis: ZREMRANGEBYSCORE log -inf \(time - instance.span), then ZCARD log -> \
            \(count) (with only the events up to t logged)
            """)
      }
      return TraceSession(
        drill: "events-last-n", family: .window,
        title: "Events in the last \(instance.span) seconds",
        instance: """
          Event times (seconds): \(HeapDrills.spaced(instance.events))

          At each query time t, count the events in (t - \(instance.span), t]: later than \
          t - \(instance.span), and not after t. Old events drop off the front of the log.
          """,
        steps: steps)
    },
    solve: { seed in
      let instance = eventsInstance(seed: seed)
      let counts = SlidingWindow.countsInLast(
        instance.span, events: instance.events, queries: instance.queries)
      return SolveProblem(
        drill: "events-last-n", family: .window,
        statement: """
          Event times (seconds): \(HeapDrills.spaced(instance.events))

          For each query time \(HeapDrills.spaced(instance.queries)), the number of events in \
          the last \(instance.span) seconds, (t - \(instance.span), t]?
          """,
        format: .integers, expected: .integers(counts),
        explanation: instance.queries.map {
          WindowPicture.events(instance.events, span: instance.span, time: $0)
        }.joined(separator: "\n\n"))
    })

  // MARK: Instances

  static func numbersInstance(seed: UInt64) -> (values: [Int], k: Int) {
    var random = SplitMix64(seed: seed, stream: "window-numbers")
    let values = (0..<random.int(in: 8...10)).map { _ in random.int(in: 1...20) }
    return (values, random.int(in: 3...4))
  }

  static func uniqueInstance(seed: UInt64) -> String {
    var random = SplitMix64(seed: seed, stream: "longest-unique-substring")
    let alphabet = Array("abcde")
    return String((0..<random.int(in: 10...13)).map { _ in random.element(of: alphabet) })
  }

  static func coverInstance(seed: UInt64) -> (text: String, required: Set<Character>) {
    var random = SplitMix64(seed: seed, stream: "min-window-cover")
    let alphabet = Array("abcdef")
    let required = Set(random.shuffled(alphabet).prefix(random.int(in: 2...3)))
    while true {
      let text = String((0..<random.int(in: 10...14)).map { _ in random.element(of: alphabet) })
      let windows = SlidingWindow.coveringWindows(Array(text), covering: required)
      // Leave a few characters before the first cover so the growing phase is visible.
      if let first = windows.firstIndex(where: { $0 != nil }), first >= 3,
        first <= text.count - 4
      {
        return (text, required)
      }
    }
  }

  struct EventsInstance {
    var span: Int
    var events: [Int]
    var queries: [Int]
  }

  static func eventsInstance(seed: UInt64) -> EventsInstance {
    var random = SplitMix64(seed: seed, stream: "events-last-n")
    let events = random.distinct(random.int(in: 10...12), from: 0...40).sorted()
    let queries = random.distinct(4, from: 10...45).sorted()
    return EventsInstance(span: 10, events: events, queries: queries)
  }

  // MARK: Text

  static func setList(_ set: Set<Character>) -> String {
    "{" + set.sorted().map(String.init).joined(separator: ", ") + "}"
  }

  static func windowList(_ values: [Int], k: Int, describe: (ArraySlice<Int>) -> String)
    -> String
  {
    (0...(values.count - k)).map { start in
      let window = start...(start + k - 1)
      return ArrayPicture.window(values.map(String.init), window) + "  " + describe(values[window])
    }.joined(separator: "\n")
  }
}
