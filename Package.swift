// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "redis-tutor",
  // Linux only (Debian 12 is what CI runs): the sandbox and the judge use prctl,
  // close_range, child subreapers and /proc, which SwiftPM's `platforms` cannot name.
  products: [
    .executable(name: "redis-tutor", targets: ["RedisTutor"]),
    .executable(name: "redis-tutor-bench", targets: ["TutorBench"]),
    .executable(name: "redis-tutor-serve", targets: ["RedisTutorServe"]),
    .executable(name: "redis-tutor-test", targets: ["RedisTutorTest"]),
  ],
  dependencies: [
    // Each pinned exactly, so all three executables build the same way everywhere.
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    // Hummingbird's own foundations, which the service imports directly.
    .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
    .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
  ],
  targets: [
    // System libraries and C shims, each imported by one Swift target: CHiredis by RedisClient,
    // CCmark by Lessons, CLibEdit by LineEditor, CSpawn (fork/exec with the guarantees
    // Foundation's Process lacks) by Spawn.
    .systemLibrary(
      name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .target(name: "CLibEdit", linkerSettings: [.linkedLibrary("edit")]),
    .target(name: "CSpawn"),

    // Layers, bottom up.
    .target(name: "RedisClient", dependencies: ["CHiredis"]),
    // Child processes for the sandbox's servers and the drill judge's programs.
    .target(name: "Spawn", dependencies: ["CSpawn"]),
    .target(name: "LineEditor", dependencies: ["CLibEdit"]),
    // Where the tutor's files live: the data folders and the content folders it reads.
    .target(name: "TutorFiles"),
    // SplitMix64: the same seed gives the same drills, workloads and tests everywhere.
    .target(name: "DeterministicRandom"),
    // Drawing text on a terminal, measured the same way everywhere; no Foundation.
    .target(name: "TerminalUI"),
    // JSON for every target that reads or writes it: values that know where they were
    // written, one strict parser, one writer; no Foundation.
    .target(name: "JSON"),
    .target(name: "RedisCLIFormat", dependencies: ["RedisClient", "JSON"]),
    .target(name: "RedisSandbox", dependencies: ["RedisClient", "Spawn"]),
    .target(name: "Progress", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    .target(
      name: "Lessons",
      dependencies: [
        "CCmark", "RedisClient", "RedisCLIFormat", "RedisSandbox", "Progress", "TerminalUI",
        "DeterministicRandom",
      ]),
    // The week's patterns as reusable library code: cache-aside, the five limiters, the
    // reliable queue and its workers.
    .target(
      name: "Patterns",
      dependencies: [
        "RedisClient", "DeterministicRandom", "JSON", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .target(
      name: "Demos",
      dependencies: [
        "Patterns", "DeterministicRandom", "JSON", "RedisClient", "RedisSandbox", "TerminalUI",
        .product(name: "Histogram", package: "hdrhistogram-swift"),
      ]),
    .target(name: "Drills", dependencies: ["Spawn", "DeterministicRandom", "TerminalUI"]),
    .target(name: "Quiz", dependencies: ["TerminalUI"]),
    .target(
      name: "Recording", dependencies: ["RedisClient", "RedisCLIFormat", "Progress", "JSON"]),
    // The Day 6 service: Hummingbird and NIO stay out of the shell's binary.
    .target(
      name: "Service",
      dependencies: [
        "Patterns", "RedisClient", "TutorFiles", "JSON",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ]),
    .target(
      name: "SelfQuiz",
      dependencies: ["Quiz", "Lessons", "Progress", "RedisClient"]),
    // The redis-cli-style shell; features plug in through ShellPlugin, so it knows none.
    .target(
      name: "Shell",
      dependencies: ["RedisClient", "RedisCLIFormat", "LineEditor", "RedisSandbox", "TerminalUI"]),
    // The tutor assembled: each feature's shell plugin, the demo and drill commands, and the
    // one function that builds the shell with everything plugged in.
    .target(
      name: "TutorApp",
      dependencies: [
        "Shell", "Lessons", "Progress", "Demos", "Patterns", "Drills", "Quiz", "SelfQuiz",
        "Recording", "LineEditor", "TerminalUI", "RedisCLIFormat", "RedisClient", "RedisSandbox",
        "Spawn", "TutorFiles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The command line: parses flags and calls TutorApp.
    .executableTarget(
      name: "RedisTutor",
      dependencies: [
        "TutorApp", "TutorFiles", "Lessons", "Progress", "Drills", "SelfQuiz", "Recording",
        "TerminalUI", "RedisSandbox",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "RedisTutorServe",
      dependencies: [
        "Service", "Patterns", "RedisClient", "RedisSandbox", "TutorFiles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The stage tester: runs the learner's own programs against the stages in testers/, with
    // its HTTP fakes and probes on plain sockets; `redis-tutor test` builds it on first use.
    .executableTarget(
      name: "RedisTutorTest",
      dependencies: [
        "Spawn", "RedisClient", "RedisSandbox", "TutorFiles", "Progress", "TerminalUI", "JSON",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "TutorBench",
      dependencies: [
        "RedisClient", "RedisSandbox", "Demos", "Patterns", "Drills", "DeterministicRandom",
        "Spawn", "TerminalUI",
      ]),

    // Tests.
    .target(
      name: "TutorTestSupport",
      dependencies: ["RedisClient", "RedisSandbox", "RedisCLIFormat", "Shell"]),
    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "RedisClientTests", dependencies: ["RedisClient", "TutorTestSupport"]),
    .testTarget(
      name: "RedisCLIFormatTests",
      dependencies: ["RedisCLIFormat", "RedisClient", "TutorTestSupport"],
      resources: [.copy("FuzzCorpus")]),
    .testTarget(
      name: "LineEditorTests", dependencies: ["LineEditor", "TerminalUI", "TutorTestSupport"]),
    .testTarget(
      name: "RedisSandboxTests", dependencies: ["RedisSandbox", "RedisClient", "TutorTestSupport"]),
    .testTarget(
      name: "ProgressTests",
      dependencies: [
        "Progress", "TutorTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "LessonsTests",
      dependencies: [
        "Lessons", "Progress", "RedisClient", "RedisCLIFormat", "RedisSandbox", "TerminalUI",
        "TutorTestSupport",
      ]),
    .testTarget(
      name: "DemosTests",
      dependencies: [
        "Demos", "Patterns", "DeterministicRandom", "JSON", "RedisClient", "RedisSandbox",
        "TerminalUI", "TutorTestSupport",
      ]),
    .testTarget(
      name: "DrillsTests", dependencies: ["Drills", "DeterministicRandom", "Spawn", "TutorFiles"]),
    .testTarget(
      name: "QuizTests", dependencies: ["Quiz", "DeterministicRandom"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "ServiceTests",
      dependencies: [
        "Service", "Patterns", "RedisClient", "RedisSandbox", "TutorTestSupport",
      ]),
    .testTarget(
      name: "RecordingTests",
      dependencies: ["Recording", "RedisClient", "TutorTestSupport"]),
    .testTarget(
      name: "SelfQuizTests",
      dependencies: [
        "SelfQuiz", "Quiz", "Lessons", "Progress", "RedisClient", "DeterministicRandom",
        "TutorTestSupport",
      ]),
    .testTarget(
      name: "ShellTests",
      dependencies: [
        "Shell", "RedisClient", "RedisCLIFormat", "RedisSandbox", "TerminalUI", "TutorTestSupport",
      ]),
    .testTarget(
      name: "TutorAppTests",
      dependencies: [
        "TutorApp", "Shell", "Lessons", "Progress", "SelfQuiz", "RedisClient", "RedisSandbox",
        "DeterministicRandom", "TutorTestSupport",
      ]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "TutorTestSupport", "Lessons", "RedisSandbox", "Demos", "Patterns", "RedisClient",
        "Drills", "TutorApp",
        "Progress", "Recording",
      ]),
  ]
)
