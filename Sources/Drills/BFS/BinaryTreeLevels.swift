/// Level-order traversal of a binary tree stored in heap layout (`nil` for a missing node).
public enum BinaryTreeLevels {
  /// The values of each level, top first and left to right, found with a queue.
  ///
  /// Dequeue a node, record it, enqueue its left then right child; a level is the nodes
  /// that were in the queue when the level began.
  public static func levels(_ tree: [Int?]) -> [[Int]] {
    guard let root = tree.first, root != nil else { return [] }
    var queue = [0]
    var levels: [[Int]] = []
    while !queue.isEmpty {
      levels.append(queue.map { tree[$0]! })
      var next: [Int] = []
      for index in queue {
        for child in [2 * index + 1, 2 * index + 2] where child < tree.count && tree[child] != nil {
          next.append(child)
        }
      }
      queue = next
    }
    return levels
  }

  /// All values in level order.
  public static func levelOrder(_ tree: [Int?]) -> [Int] {
    levels(tree).flatMap { $0 }
  }
}
