// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "redis-tutor",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "redis-tutor", targets: ["RedisTutor"]),
    .executable(name: "redis-tutor-bench", targets: ["TutorBench"]),
    .executable(name: "redis-tutor-serve", targets: ["RedisTutorServe"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
  ],
  targets: [
    // System libraries: each is imported by exactly one Swift target.
    .systemLibrary(
      name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .target(name: "CLibEdit", linkerSettings: [.linkedLibrary("edit")]),
    .target(name: "CSpawn"),

    // Layers, bottom up.
    .target(name: "RedisClient", dependencies: ["CHiredis"]),
    .target(name: "LineEditor", dependencies: ["CLibEdit"]),
    .target(name: "RedisCLIFormat", dependencies: ["RedisClient"]),
    .target(name: "RedisSandbox", dependencies: ["RedisClient", "CSpawn"]),
    .target(name: "Progress", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    .target(
      name: "Lessons",
      dependencies: ["CCmark", "RedisClient", "RedisCLIFormat", "RedisSandbox", "Progress"]),
    .target(
      name: "Demos",
      dependencies: [
        "RedisClient", "RedisSandbox",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Histogram", package: "hdrhistogram-swift"),
      ]),
    .target(name: "Drills", dependencies: ["RedisClient", "RedisSandbox", "CSpawn"]),
    .target(name: "Quiz"),
    .target(
      name: "Recording",
      dependencies: ["RedisClient", "RedisCLIFormat", "RedisSandbox", "Progress"]),
    // The Day 6 service: Hummingbird and NIO stay out of the shell's binary.
    .target(
      name: "Service",
      dependencies: [
        "Demos", "RedisClient", "RedisSandbox",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]),
    .target(
      name: "SelfQuiz",
      dependencies: ["Quiz", "Lessons", "Progress", "RedisClient", "RedisCLIFormat"]),
    .target(
      name: "Shell",
      dependencies: [
        "RedisClient", "RedisCLIFormat", "LineEditor", "RedisSandbox", "Lessons", "Progress",
        "Demos", "Drills", "Quiz", "SelfQuiz", "Recording",
      ]),
    .executableTarget(
      name: "RedisTutor",
      dependencies: [
        "Shell", "Lessons", "Progress", "Demos", "Drills", "Quiz", "SelfQuiz", "Recording",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "RedisTutorServe",
      dependencies: [
        "Service", "Demos", "RedisClient", "RedisSandbox",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "TutorBench", dependencies: ["RedisClient", "RedisSandbox", "Demos", "Drills"]),

    // Tests.
    .target(name: "TutorTestSupport", dependencies: ["RedisClient", "RedisSandbox"]),
    .testTarget(name: "RedisClientTests", dependencies: ["RedisClient", "TutorTestSupport"]),
    .testTarget(
      name: "RedisCLIFormatTests", dependencies: ["RedisCLIFormat", "TutorTestSupport"],
      resources: [.copy("FuzzCorpus")]),
    .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "TutorTestSupport"]),
    .testTarget(name: "RedisSandboxTests", dependencies: ["RedisSandbox", "TutorTestSupport"]),
    .testTarget(name: "ProgressTests", dependencies: ["Progress", "TutorTestSupport"]),
    .testTarget(
      name: "LessonsTests",
      dependencies: ["Lessons", "Progress", "RedisClient", "RedisCLIFormat", "TutorTestSupport"]),
    .testTarget(
      name: "DemosTests",
      dependencies: ["Demos", "RedisClient", "RedisSandbox", "TutorTestSupport"]),
    .testTarget(name: "DrillsTests", dependencies: ["Drills", "TutorTestSupport"]),
    .testTarget(name: "QuizTests", dependencies: ["Quiz"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "ServiceTests",
      dependencies: [
        "Service", "Demos", "RedisClient", "TutorTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
      ]),
    .testTarget(
      name: "RecordingTests",
      dependencies: ["Recording", "RedisClient", "Progress", "TutorTestSupport"]),
    .testTarget(
      name: "SelfQuizTests",
      dependencies: ["SelfQuiz", "Quiz", "Lessons", "Progress", "RedisClient", "TutorTestSupport"]),
    .testTarget(name: "ShellTests", dependencies: ["Shell", "TutorTestSupport"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "TutorTestSupport", "Lessons", "RedisSandbox", "Demos", "RedisClient", "Drills", "Shell",
        "Progress", "Recording",
      ]),
  ]
)
