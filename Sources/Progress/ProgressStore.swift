import GRDB

/// The learner's progress, kept in one SQLite database (placeholder until the store lands).
public final class ProgressStore {}
