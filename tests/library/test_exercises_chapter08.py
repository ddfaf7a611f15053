"""The checks of chapter 8's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter08)."""

import numpy as np
import pytest

from scratchnet.evaluation import confusion_matrix
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter08 import (
    confusion_counts_exercise,
    precision_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def counts(labels, predicted_labels, num_classes=10):
    """The solution of exercise 8.2."""
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    for true, predicted in zip(labels, predicted_labels):
        matrix[true, predicted] += 1
    return matrix


def starter(labels, predicted_labels, num_classes=10):
    """The starter cell of exercise 8.2, untouched."""
    matrix = ...
    return matrix


def fancy_index(labels, predicted_labels, num_classes=10):
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    matrix[labels, predicted_labels] += 1
    return matrix


def largest_label(labels, predicted_labels, num_classes=10):
    size = max(max(labels), max(predicted_labels)) + 1
    return counts(labels, predicted_labels, size)


@pytest.mark.parametrize("answer, kind, words", [
    (counts, "correct", "Correct!"),
    (lambda labels, predicted, n=10: confusion_matrix(labels, predicted, n),
     "correct", "Correct!"),
    (starter, "unanswered", "Not answered yet"),
    (lambda labels, predicted, n=10: counts(predicted, labels, n), "mistake",
     "rows and columns are swapped"),
    (fancy_index, "mistake", "counted once"),
    (largest_label, "mistake", "a class that never occurs"),
    (lambda labels, predicted, n=10: counts(labels, predicted, n)
     / len(labels), "mistake", "shares, not counts"),
    (lambda labels, predicted, n=10: counts(labels, predicted, n) + 1,
     "incorrect", "the counts are"),
    (lambda labels, predicted, n=10: counts(labels, predicted, n + 1),
     "incorrect", "should be num_classes x num_classes"),
    (lambda labels, predicted, n=10: "counts", "incorrect",
     "as a NumPy array"),
])
def test_confusion_counts(answer, kind, words):
    feedback = confusion_counts_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def precision(matrix):
    """The solution of exercise 8.3."""
    return matrix.diagonal() / matrix.sum(axis=0)


@pytest.mark.parametrize("answer, kind, words", [
    (precision, "correct", "Correct!"),
    (lambda matrix: list(precision(matrix)), "correct", "Correct!"),
    (lambda matrix: ..., "unanswered", "Not answered yet"),
    (lambda matrix: matrix.diagonal() / matrix.sum(axis=1), "mistake",
     "row sums"),
    (lambda matrix: matrix.diagonal() / matrix.sum(), "mistake",
     "number of all images"),
    (lambda matrix: matrix.diagonal() // matrix.sum(axis=0), "mistake",
     "integer division"),
    (lambda matrix: matrix.diagonal(), "incorrect", "the shares are"),
    (lambda matrix: precision(matrix).mean(), "incorrect",
     "one share per class"),
])
def test_precision(answer, kind, words):
    feedback = precision_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [(confusion_counts_exercise, fancy_index),
                             (confusion_counts_exercise, largest_label),
                             (precision_exercise,
                              lambda matrix: matrix.diagonal()
                              / matrix.sum(axis=1))]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    assert precision_exercise.evaluate(precision).message.startswith("正确！")
