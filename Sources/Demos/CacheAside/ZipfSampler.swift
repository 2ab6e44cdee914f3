import Foundation

/// Draws item ids with Zipf-skewed popularity: id k comes up with probability ∝ 1 / kˢ.
///
/// Real read traffic is skewed like this (a few hot items, a long cold tail), which is why
/// a cache holding a small share of the items can answer most reads.
public struct ZipfSampler: Sendable {
  /// Ids are drawn from 1...count.
  public let count: Int
  /// The skew `s`: 0 is uniform, 1 is classic Zipf, larger is more skewed.
  public let exponent: Double
  private let cumulative: [Double]

  public init(count: Int, exponent: Double = 1) {
    precondition(count > 0, "a Zipf sampler needs at least one item")
    precondition(exponent >= 0, "the Zipf exponent must not be negative")
    self.count = count
    self.exponent = exponent
    var running = 0.0
    var cumulative: [Double] = []
    cumulative.reserveCapacity(count)
    for rank in 1...count {
      running += 1 / pow(Double(rank), exponent)
      cumulative.append(running)
    }
    self.cumulative = cumulative.map { $0 / running }
  }

  /// The chance that a draw gives `id`.
  public func probability(of id: Int) -> Double {
    guard (1...count).contains(id) else { return 0 }
    return cumulative[id - 1] - (id == 1 ? 0 : cumulative[id - 2])
  }

  /// One id in 1...count.
  public func next(using random: any RandomSource) -> Int {
    let target = random.nextDouble()
    // The first rank whose cumulative share exceeds the draw (binary search).
    var low = 0
    var high = count - 1
    while low < high {
      let middle = (low + high) / 2
      if cumulative[middle] > target { high = middle } else { low = middle + 1 }
    }
    return low + 1
  }
}
