"""Writes py-fsrs-sequences.json: FSRS-6 review sequences computed by py-fsrs.

Run with py-fsrs 6.3.2 installed (`pip install fsrs==6.3.2`):

    python3 make_fsrs_fixture.py > py-fsrs-sequences.json

Each sequence is a list of reviews of one card; a review waits `gapSeconds` after the
previous one (the first review is at the start time) and rates the card `rating`.
The scheduler has no learning or relearning steps and no fuzzing, so every step
exercises the pure FSRS-6 formulas (including same-day reviews, gap < 1 day).
`sequencesWithSteps` uses the default learning (1 min, 10 min) and relearning (10 min)
steps, still without fuzzing, each review made exactly when the card falls due.
"""

import json
import random
from datetime import datetime, timedelta, timezone

from importlib.metadata import version
from fsrs import Card, Rating, Scheduler

DAY = 86400
START = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)



def run_sequence(name, ratings, gap_rule, rng, steps=False):
    if steps:
        scheduler = Scheduler(enable_fuzzing=False)  # 1 and 10 min learning, 10 min relearning
    else:
        scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = Card(card_id=1, due=START)
    now = START
    steps = []
    for index, rating in enumerate(ratings):
        if index == 0:
            gap = 0
        else:
            gap = gap_rule(rng, card, now)
        now = now + timedelta(seconds=gap)
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=now)
        interval = (card.due - now).days
        steps.append(
            {
                "gapSeconds": gap,
                "rating": rating,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "intervalDays": interval,
                "intervalSeconds": int((card.due - now).total_seconds()),
                "state": card.state.name.lower(),
            }
        )
    return {"name": name, "steps": steps}


def at_due(rng, card, now):
    return int((card.due - now).total_seconds())


def around_due(rng, card, now):
    choice = rng.random()
    if choice < 0.2:
        return rng.choice([0, 3600, 6 * 3600])  # same day
    due_days = (card.due - now).days
    factor = rng.choice([0.5, 0.8, 1.0, 1.0, 1.3, 2.0])
    return max(1, round(due_days * factor)) * DAY


def fixed_days(days):
    iterator = iter(days)
    return lambda rng, card, now: next(iterator)


def main():
    rng = random.Random(20260101)
    sequences = []
    sequences.append(run_sequence("good-at-due", [3] * 20, at_due, rng))
    sequences.append(
        run_sequence(
            "spec-check", [3, 3, 1], fixed_days([2 * DAY, 11 * DAY]), rng
        )
    )
    for number in range(4):
        ratings = [rng.choice([1, 2, 3, 3, 3, 4]) for _ in range(20)]
        sequences.append(run_sequence(f"mixed-{number}", ratings, around_due, rng))
    first_ratings = [1, 2, 4]
    for first in first_ratings:
        ratings = [first] + [rng.choice([1, 2, 3, 4]) for _ in range(19)]
        sequences.append(run_sequence(f"first-{first}", ratings, around_due, rng))
    same_day = [3, 3, 1, 2, 4, 3, 1, 1, 3, 4, 3, 3, 2, 3, 4, 4, 1, 3, 3, 3]
    gaps = [0, 600, 3 * DAY, 0, 7200, 5 * DAY, 0, 1800, 2 * DAY, 0]
    gaps += [10 * DAY, 3600, 20 * DAY, 0, 40 * DAY, 60, 90 * DAY, 0, 300, 5 * DAY]
    sequences.append(run_sequence("same-day-mix", same_day, fixed_days(gaps[1:]), rng))
    with_steps = []
    for number in range(3):
        ratings = [rng.choice([1, 2, 3, 3, 4]) for _ in range(20)]
        with_steps.append(
            run_sequence(f"steps-{number}", ratings, at_due, rng, steps=True)
        )
    print(
        json.dumps(
            {"generator": f"py-fsrs {version('fsrs')}",
             "sequences": sequences,
             "sequencesWithSteps": with_steps},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
