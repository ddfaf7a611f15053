"""The checks of chapter 1's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter01)."""

import numpy as np
import pytest

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter01 import (
    count_parameters_exercise,
    misread_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def pairs(sizes):
    return zip(sizes[:-1], sizes[1:])


def counting(per_layer):
    """count_parameters, with ``per_layer(inputs, outputs)`` per layer."""
    return lambda sizes: sum(per_layer(n, m) for n, m in pairs(sizes))


def starter(layer_sizes):
    """The starter cell of exercise 1.2, untouched."""
    total = 0
    for _inputs, _outputs in pairs(layer_sizes):
        total += ...
    return total


@pytest.mark.parametrize("answer, kind, words", [
    (counting(lambda n, m: n * m + m), "correct", "Correct!"),
    (counting(lambda n, m: (n + 1) * m), "correct", "Correct!"),
    (starter, "unanswered", "Not answered yet"),
    (counting(lambda n, m: n * m), "mistake", "counts the weights only"),
    (counting(lambda n, m: n * m + n), "mistake", "gives each input a bias"),
    (lambda sizes: sizes[0] * sizes[1] + sizes[1], "mistake",
     "a layer is missing"),
    (lambda sizes: sum(sizes), "incorrect", "have 407050 weights"),
    (lambda sizes: [407050], "incorrect", "return one number"),
])
def test_count_parameters(answer, kind, words):
    feedback = count_parameters_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def right_misread(probabilities, labels):
    return np.flatnonzero(probabilities.argmax(axis=1) != labels)


def misread_with(predict, compare=np.not_equal):
    return lambda p, labels: np.flatnonzero(compare(predict(p), labels))


@pytest.mark.parametrize("answer, kind, words", [
    (right_misread, "correct", "Correct!"),
    (lambda p, labels: list(right_misread(p, labels)), "correct",
     "Correct!"),
    (lambda p, labels: ..., "unanswered", "Not answered yet"),
    (misread_with(lambda p: p.argmax(axis=0)), "mistake", "axis=0"),
    (misread_with(lambda p: p.argmax()), "mistake", "every image came out"),
    (misread_with(lambda p: p.max(axis=1)), "mistake", "every image came"),
    (misread_with(lambda p: p.argmax(axis=1), np.equal), "mistake",
     "reads right"),
    (lambda p, labels: p.argmax(axis=1) != labels, "mistake",
     "one True or False per image"),
    (lambda p, labels: np.nonzero(p.argmax(axis=1) != labels), "mistake",
     "return a tuple"),
    (lambda p, labels: len(right_misread(p, labels)), "mistake",
     "not how many"),
    (lambda p, labels: right_misread(p, labels)[:-1], "incorrect",
     "the misread ones are [2, 5, 9]"),
])
def test_misread(answer, kind, words):
    feedback = misread_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    answers = [(count_parameters_exercise, counting(lambda n, m: n * m)),
               (misread_exercise, misread_with(lambda p: p.argmax(0))),
               (misread_exercise, lambda p, labels: [])]
    for exercise, answer in answers:
        message = exercise.evaluate(answer).message
        assert message.startswith(("还不对：", "还没有做对：")), message
        assert "For a nudge" not in message and "需要提示" in message
    assert "正确！" in misread_exercise.evaluate(right_misread).message
