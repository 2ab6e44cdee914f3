import Quiz
import Testing

/// SM-2 intervals, the answer-to-rating mapping and the review forecast.
@Suite struct SM2GradeForecastTests {
  @Test func sm2IntervalsForAKnownSequence() {
    let scheduler = SM2Scheduler()
    var card = SM2Card()
    var intervals: [Int] = []
    var factors: [Double] = []
    for quality in [4, 4, 4, 5, 1, 4, 3] {
      card = scheduler.review(card, quality: quality)
      intervals.append(card.intervalDays)
      factors.append(card.easinessFactor)
    }
    // EF: 2.5 → 2.5, 2.5, 2.5, 2.6, 2.06, 2.06, 1.92.
    // Intervals: 1, 6, round(6·2.5)=15, round(15·2.5)=38, reset 1, 1, 6.
    #expect(intervals == [1, 6, 15, 38, 1, 1, 6])
    let expectedFactors = [2.5, 2.5, 2.5, 2.6, 2.06, 2.06, 1.92]
    for (actual, expected) in zip(factors, expectedFactors) {
      #expect(abs(actual - expected) < 1e-9)
    }
  }

  @Test func sm2EasinessFactorHasAFloor() {
    var card = SM2Card()
    for _ in 0..<20 {
      card = SM2Scheduler().review(card, rating: .again)
    }
    #expect(card.easinessFactor == 1.3)
    #expect(card.repetitions == 0)
    #expect(card.intervalDays == 1)
  }

  @Test func ratingToQuality() {
    #expect(Rating.allCases.map(SM2Scheduler.quality(for:)) == [1, 3, 4, 5])
  }

  @Test func answerGrades() {
    #expect(AnswerGrade.rating(correct: false, usedHint: false, seconds: 2) == .again)
    #expect(AnswerGrade.rating(correct: false, usedHint: true, seconds: 60) == .again)
    #expect(AnswerGrade.rating(correct: true, usedHint: true, seconds: 2) == .hard)
    #expect(AnswerGrade.rating(correct: true, usedHint: false, seconds: 45) == .hard)
    #expect(AnswerGrade.rating(correct: true, usedHint: false, seconds: 15) == .good)
    #expect(AnswerGrade.rating(correct: true, usedHint: false, seconds: 5) == .easy)
    #expect(
      AnswerGrade.rating(
        correct: true, usedHint: false, seconds: 5, fastSeconds: 3, slowSeconds: 10) == .good)
  }

  @Test func forecastCountsCardsPerDay() {
    let day = 86400.0
    let now = 1_000_000.0
    let dues = [now - 5 * day, now, now + 0.5 * day, now + day, now + 2.9 * day, now + 40 * day]
    let cards = dues.map { CardMemory(due: $0) }
    let forecast = ReviewForecast.reviewsPerDay(cards: cards, from: now)
    #expect(forecast.count == 30)
    #expect(Array(forecast.prefix(3)) == [3, 1, 1])
    #expect(forecast.reduce(0, +) == 5)
    #expect(ReviewForecast.reviewsPerDay(cards: cards, from: now, days: 2) == [3, 1])
    #expect(ReviewForecast.reviewsPerDay(cards: [], from: now, days: 0) == [])
  }
}
