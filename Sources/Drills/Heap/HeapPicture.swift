/// The heap drawn twice: as a tree after the operation, and as the array at every swap.
///
/// ```
///       1
///     /   \
///   3       2
///  / \     /
/// 7   4   5
///
/// [1, 3, 5, 7, 4, 2]        append 2 at index 5
/// [1, 3, *2*, 7, 4, *5*]    swap 5 and 2 (indexes 2 and 5)
/// ```
public enum HeapPicture {
  /// The tree of `step.after`, then the array when sifting starts and after each swap.
  public static func render(_ step: HeapStep) -> String {
    var rows: [(array: String, remark: String)] = [
      (ArrayPicture.marked(step.start), startRemark(step))
    ]
    var array = step.start
    for swap in step.swaps {
      let parentValue = array[swap.parent]
      let childValue = array[swap.child]
      array.swapAt(swap.parent, swap.child)
      rows.append(
        (
          ArrayPicture.marked(array, at: [swap.parent, swap.child]),
          "swap \(parentValue) and \(childValue) (indexes \(swap.parent) and \(swap.child))"
        ))
    }
    if step.swaps.isEmpty && !step.start.isEmpty {
      rows.append((ArrayPicture.marked(array), "no swap needed"))
    }
    let column = (rows.map(\.array.count).max() ?? 0) + 3
    let arrayLines = rows.map { row in
      row.array + String(repeating: " ", count: column - row.array.count) + row.remark
    }
    return tree(step.after) + "\n\n" + arrayLines.joined(separator: "\n")
  }

  /// The heap `items` as a tree.
  public static func tree(_ items: [Int]) -> String {
    TreePicture.render(items.map { String($0) })
  }

  /// The heap `items` as a tree, then as an array.
  public static func state(_ items: [Int]) -> String {
    tree(items) + "\n\n" + ArrayPicture.marked(items)
  }

  private static func startRemark(_ step: HeapStep) -> String {
    switch step.operation {
    case .insert(let value):
      return "append \(value) at index \(step.start.count - 1)"
    case .pop:
      let root = step.removed.map(String.init) ?? "?"
      guard let moved = step.start.first else { return "pop \(root): the heap is now empty" }
      return "pop \(root); move the last value \(moved) to the root"
    case .siftDown(let index):
      return "sift down index \(index) (value \(step.start[index]))"
    case .replaceRoot(let value):
      return "replace the root \(step.removed.map(String.init) ?? "?") with \(value)"
    }
  }
}
