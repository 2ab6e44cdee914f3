import Foundation

/// A scratch checkout for testing a companion program (`redis-tutor-serve`, `redis-tutor-test`)
/// that `redis-tutor` builds on first use: a copy of the built tutor alone in
/// `.build/debug`, a `Package.swift` naming the product, and a stand-in for `swift build`.
public struct CompanionCheckout {
  /// The checkout's folder.
  public let folder: URL
  /// The copy of `redis-tutor`, without its sibling programs.
  public let tutor: String
  /// The stand-in for `swift`: prints `fake swift ARGS` and writes a `product` that prints
  /// `RAN ran: ARGS`, so a test sees both the build and the run.
  public let fakeSwift: String

  /// Makes a checkout for `product` (its target `target`), whose stand-in program says `ran`.
  public init(product: String, target: String, ran: String) throws {
    folder = try TemporaryDirectory.make(prefix: "\(product)-checkout")
    tutor = try Self.lonelyTutor(in: folder)
    try "  .executable(name: \"\(product)\", targets: [\"\(target)\"]),"
      .write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    fakeSwift = folder.appendingPathComponent("fake-swift").path
    try """
    #!/bin/sh
    echo "fake swift $@"
    printf '#!/bin/sh\\necho "\(ran) ran: $*"\\n' > .build/debug/\(product)
    chmod +x .build/debug/\(product)
    """.write(toFile: fakeSwift, atomically: true, encoding: .utf8)
    chmod(fakeSwift, 0o755)
  }

  /// A copy of the built `redis-tutor` in `folder/.build/debug`, without its siblings.
  public static func lonelyTutor(in folder: URL) throws -> String {
    let binaries = folder.appendingPathComponent(".build/debug")
    try FileManager.default.createDirectory(at: binaries, withIntermediateDirectories: true)
    let copy = binaries.appendingPathComponent("redis-tutor").path
    try FileManager.default.copyItem(atPath: TutorBinary.path, toPath: copy)
    return copy
  }

  /// Deletes the checkout.
  public func remove() { try? FileManager.default.removeItem(at: folder) }
}
