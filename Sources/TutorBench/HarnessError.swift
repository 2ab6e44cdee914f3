/// A failure of the harness itself (not a missed goal): printed as one line, exit status 1.
struct HarnessError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) { self.description = description }
}
