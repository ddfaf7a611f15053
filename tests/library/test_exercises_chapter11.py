"""The checks of chapter 11's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter11)."""

import pytest

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter11 import (
    KEYS,
    flop_count_exercise,
    tracing_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.mark.parametrize("answer, kind, words", [
    ([(1, 3), (3, 3)], "correct", "Correct!"),
    ([(..., ...), (..., ...)], "unanswered", "Not answered yet"),
    ([(1, 3), ...], "unanswered", "Not answered yet"),
    ([(3, 3), (3, 3)], "mistake", "the print ran once"),
    ([(1, 1), (1, 1)], "mistake", "counted at every call"),
    ([(1, 3), (3, 1)], "mistake", "counted at every call"),
    ([(1, 3), (1, 3)], "mistake", "each new number means a new trace"),
    ([(1, 3), (0, 3)], "incorrect", "not what the experiment gives"),
    ([(1, 3)], "incorrect", "one list"),
    ([1, 3], "incorrect", "two whole numbers"),
    ([(1, 3), (3.0, 3)], "incorrect", "two whole numbers"),
])
def test_tracing(answer, kind, words):
    feedback = tracing_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def counts(w1, w2, sixth):
    return dict(zip(KEYS, (w1, w2, sixth)))


@pytest.mark.parametrize("answer, kind, words", [
    (counts(4, 6, 6), "correct", "Correct!"),
    (counts(..., ..., ...), "unanswered", "Not answered yet"),
    (counts(4, 6, ...), "unanswered", "Not answered yet"),
    (counts(2, 3, 3), "mistake", "multiply-adds"),
    (counts(2, 2, 2), "mistake", "only the forward product"),
    (counts(6, 6, 6), "mistake", "W1 is in two products"),
    (counts(4, 4, 6), "mistake", "W2 is in three products"),
    (counts(4, 6, 8), "mistake", "The sixth product"),
    (counts(5, 7, 6), "incorrect", "row by row"),
    ({"W1": 4, "W2": 6}, "incorrect", "a dict with the keys"),
    ([4, 6, 6], "incorrect", "a dict with the keys"),
])
def test_flop_count(answer, kind, words):
    feedback = flop_count_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    wrong = [(tracing_exercise, [(3, 3), (3, 3)]),
             (tracing_exercise, [(1, 1), (1, 1)]),
             (tracing_exercise, [(1, 3), (1, 3)]),
             (tracing_exercise, [(1, 3), (0, 3)]),
             (flop_count_exercise, counts(2, 3, 3)),
             (flop_count_exercise, counts(2, 2, 2)),
             (flop_count_exercise, counts(6, 6, 6)),
             (flop_count_exercise, counts(4, 4, 6)),
             (flop_count_exercise, counts(4, 6, 8)),
             (flop_count_exercise, counts(5, 7, 6))]
    for exercise, answer in wrong:
        message = exercise.evaluate(answer).message
        assert message.startswith(("还不对：", "还没有做对：")), message
        assert "For a nudge" not in message and "the " not in message
    assert tracing_exercise.evaluate([(1, 3), (3, 3)]).message.startswith(
        "正确！")
    assert flop_count_exercise.evaluate(counts(4, 6, 6)).message.startswith(
        "正确！")
