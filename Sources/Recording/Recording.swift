/// Session recordings: asciicast v2 files and the structured command log, played back,
/// re-run against a fresh server and diffed.
public enum Recording {}
