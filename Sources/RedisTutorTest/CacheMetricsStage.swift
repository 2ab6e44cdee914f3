extension Stages {
  /// The counters a cache-metrics service keeps under its prefix (and day2-cache lets be).
  static let metricsSuffix = "metrics:"

  /// Hits and misses counted in Redis, exactly: against the store's reads, then under load.
  static func cacheMetrics(_ run: StageRun, tuning: Tuning) throws(StartFailure) -> [Expectation] {
    let items = Items()
    try run.startStore(items: items.store, latency: tuning.storeLatency ?? 0.05)
    guard let store = run.store else { return [] }
    let hitsKey = metricsSuffix + "cache:hits"
    let missesKey = metricsSuffix + "cache:misses"
    /// The two counters now (a missing counter is 0), or a failure naming the bad one.
    func counters() -> Result<(hits: Int, misses: Int), Failure> {
      var values: [Int] = []
      for suffix in [hitsKey, missesKey] {
        let text: String?
        do {
          text = try run.keys.string(suffix)
        } catch {
          return .failure(
            run.failure("\(run.prefix)\(suffix) is not a string counter (\(error)): INCR it"))
        }
        guard let value = Int(text ?? "0") else {
          return .failure(
            run.failure("\(run.prefix)\(suffix) holds \(text ?? ""), not a count: INCR it"))
        }
        values.append(value)
      }
      return .success((values[0], values[1]))
    }
    let (first, second, third) = (items.ids[0], items.ids[1], items.ids[2])
    let order = [
      first, first, second, items.missing, first, second, third, items.missing, third, first,
      items.missing, second,
    ]
    return [
      Expectation(name: "counts-match") {
        for id in order {
          let wanted = id == items.missing ? 404...404 : 200...200
          if case .failure(let failure) = run.expect("GET", "/items/\(id)", status: wanted) {
            return failure
          }
        }
        let misses = Set(order).map { store.reads(of: $0) }.reduce(0, +)
        let hits = order.count - misses
        switch counters() {
        case .failure(let failure): return failure
        case .success(let counted):
          guard counted.hits == hits, counted.misses == misses else {
            return run.failure(
              "after \(order.count) GETs the store was read \(misses) times, so there were "
                + "\(misses) misses and \(hits) hits; your counters say \(counted.misses) "
                + "misses and \(counted.hits) hits. Count each GET once: a miss when it reads "
                + "the store, a hit when the cache (or its missing-item marker) answered")
          }
          return nil
        }
      },
      Expectation(name: "counts-exact-under-load") {
        let before: (hits: Int, misses: Int)
        switch counters() {
        case .failure(let failure): return failure
        case .success(let counted): before = counted
        }
        let count = 40
        let results = ConcurrentRequests.get(
          "/items/\(first)", port: run.port, count: count,
          timeout: run.settings.requestTimeout * 2)
        let answered = results.filter {
          if case .success(let response) = $0 { return response.status == 200 }
          return false
        }.count
        guard answered == count else {
          return run.failure(
            "\(count - answered) of \(count) concurrent GETs of cached item \(first) did not "
              + "answer 200")
        }
        switch counters() {
        case .failure(let failure): return failure
        case .success(let after):
          guard after.hits - before.hits == count, after.misses == before.misses else {
            return run.failure(
              "\(count) concurrent hits moved the hit counter by \(after.hits - before.hits) "
                + "and the miss counter by \(after.misses - before.misses): updates were lost. "
                + "Count with one INCR, never GET then SET")
          }
          return nil
        }
      },
    ]
  }
}
