import GRDB

/// The tables of the progress database and the named migrations that build them.
///
/// Migrations are append-only: a released migration is never edited, a change is a new one
/// (v2, v3, …). A database that has a migration this list lacks was written by a newer tutor,
/// and the store refuses to touch it rather than guess.
enum ProgressSchema {
  static let migrator: DatabaseMigrator = {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE step_progress (
            day INTEGER NOT NULL,
            step TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('passed', 'skipped', 'started')),
            attempts INTEGER NOT NULL DEFAULT 0,
            hints_used INTEGER NOT NULL DEFAULT 0,
            solution_viewed INTEGER NOT NULL DEFAULT 0,
            passed_at REAL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (day, step)
          ) WITHOUT ROWID;

          -- One row (id = 1): where the learner left off.
          CREATE TABLE lesson_position (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            day INTEGER NOT NULL,
            step TEXT NOT NULL,
            plan TEXT NOT NULL,
            updated_at REAL NOT NULL
          );

          CREATE TABLE block_time (
            day INTEGER NOT NULL,
            block TEXT NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (day, block)
          ) WITHOUT ROWID;

          CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          ) WITHOUT ROWID;

          CREATE TABLE study_day (
            date TEXT PRIMARY KEY NOT NULL
          ) WITHOUT ROWID;

          CREATE TABLE interview_answer (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            prompt TEXT NOT NULL,
            notes TEXT NOT NULL,
            seconds REAL NOT NULL,
            answered_at REAL NOT NULL
          );

          CREATE TABLE skill_rating (
            week TEXT NOT NULL,
            topic TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            rated_at REAL NOT NULL,
            PRIMARY KEY (week, topic)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v2") { db in
      // DSA drill results: one row per answered trace step or solve problem.
      try db.execute(
        sql: """
          CREATE TABLE drill_attempt (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            family TEXT NOT NULL,
            drill TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('trace', 'solve', 'judge')),
            correct INTEGER NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0),
            attempted_at REAL NOT NULL
          );
          CREATE INDEX drill_attempt_family ON drill_attempt (family);
          """)
    }
    migrator.registerMigration("v3") { db in
      // Spaced-repetition quiz: each card's scheduler state (opaque JSON written by the caller)
      // and the log of every answer, kept so the FSRS parameters can be optimised later.
      try db.execute(
        sql: """
          CREATE TABLE quiz_card (
            card_id TEXT PRIMARY KEY,
            day INTEGER NOT NULL,
            memory TEXT NOT NULL,
            due REAL NOT NULL,
            introduced_at REAL NOT NULL,
            introduced_day TEXT NOT NULL
          );
          CREATE INDEX quiz_card_due ON quiz_card (due);

          CREATE TABLE quiz_review (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            correct INTEGER NOT NULL,
            used_hint INTEGER NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0),
            reviewed_at REAL NOT NULL,
            state_before TEXT NOT NULL,
            elapsed_days INTEGER NOT NULL,
            scheduled_days INTEGER NOT NULL,
            stability REAL NOT NULL,
            difficulty REAL NOT NULL,
            scheduler TEXT NOT NULL CHECK (scheduler IN ('fsrs', 'sm2'))
          );
          CREATE INDEX quiz_review_card ON quiz_review (card_id, reviewed_at);
          CREATE INDEX quiz_review_reviewed_at ON quiz_review (reviewed_at);
          """)
    }
    migrator.registerMigration("v4") { db in
      // Session recordings: one row per asciicast file the shell wrote, and the structured log
      // of the commands typed while it recorded. The log goes with its recording (ON DELETE
      // CASCADE, foreign keys are on in every connection); the cast file is the caller's.
      try db.execute(
        sql: """
          CREATE TABLE recording (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at REAL NOT NULL,
            ended_at REAL,
            title TEXT NOT NULL,
            cast_path TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            server TEXT NOT NULL,
            day INTEGER,
            bytes INTEGER NOT NULL DEFAULT 0,
            stopped_reason TEXT,
            format_version INTEGER NOT NULL DEFAULT 1
          );

          CREATE TABLE command_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recording_id INTEGER NOT NULL REFERENCES recording (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            argv TEXT NOT NULL,
            reply TEXT NOT NULL,
            is_error INTEGER NOT NULL,
            db INTEGER NOT NULL,
            at REAL NOT NULL,
            duration REAL NOT NULL CHECK (duration >= 0),
            day INTEGER,
            step TEXT,
            UNIQUE (recording_id, seq)
          );
          CREATE INDEX command_log_recording ON command_log (recording_id);
          """)
    }
    migrator.registerMigration("v5") { db in
      // What the learner wrote for an explain card, before seeing the model answer (secrets
      // redacted by the caller); NULL for the other kinds.
      try db.execute(sql: "ALTER TABLE quiz_review ADD COLUMN attempt TEXT")
    }
    migrator.registerMigration("v6") { db in
      // Each run of `redis-tutor test STAGE` on the learner's own program: how far it got.
      try db.execute(
        sql: """
          CREATE TABLE stage_run (
            id INTEGER PRIMARY KEY,
            stage TEXT NOT NULL,
            day INTEGER NOT NULL,
            passed INTEGER NOT NULL,
            total INTEGER NOT NULL,
            failed_expectation TEXT,
            finished_at REAL NOT NULL
          );
          CREATE INDEX stage_run_stage ON stage_run (stage);
          """)
    }
    return migrator
  }()
}
