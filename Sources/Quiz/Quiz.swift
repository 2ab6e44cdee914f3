/// Spaced-repetition scheduling for the self-quiz (FSRS-6, with SM-2 for comparison).
public enum Quiz {}
