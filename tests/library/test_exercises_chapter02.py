"""The checks of chapter 2's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter02)."""

import numpy as np
import pytest

from scratchnet import prepare_images
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter02 import (
    digit_shares_exercise,
    prepare_one_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def starter_shares(labels):
    """The starter cell of exercise 2.1, untouched."""
    counts = ...  # noqa: F841
    return ...


@pytest.mark.parametrize("answer, kind, words", [
    (lambda labels: np.bincount(labels, minlength=10) / len(labels),
     "correct", "Correct!"),
    (lambda labels: [np.mean(labels == d) for d in range(10)], "correct",
     "Correct!"),
    (starter_shares, "unanswered", "Not answered yet"),
    (lambda labels: np.bincount(labels, minlength=10) // len(labels),
     "mistake", "// divides whole numbers"),
    (lambda labels: np.bincount(labels) / len(labels), "mistake",
     "minlength=10"),
    (lambda labels: np.bincount(labels, minlength=10), "mistake",
     "those are the counts"),
    (lambda labels: np.bincount(labels, minlength=10) / 10, "mistake",
     "not by the 10 digits"),
    (lambda labels: 100 * np.bincount(labels, minlength=10) / len(labels),
     "incorrect", "the shares should be"),
    (lambda labels: 0.1, "incorrect", "one share per digit"),
])
def test_digit_shares(answer, kind, words):
    feedback = digit_shares_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


@pytest.mark.parametrize("answer, kind, words", [
    (lambda image: prepare_images(image[np.newaxis]), "correct",
     "Correct!"),
    (lambda image: prepare_images(image.reshape(1, 28, 28)), "correct",
     "Correct!"),
    (lambda image: ..., "unanswered", "Not answered yet"),
    (lambda image: prepare_images(image), "mistake", "a stack of images"),
    (lambda image: prepare_images(image[np.newaxis])[0], "mistake",
     "without its batch"),
    (lambda image: image.reshape(1, 784) / 255, "mistake",
     "float64, but the weights are float32"),
    (lambda image: image.reshape(1, 784), "mistake", "still go up to 255"),
    (lambda image: image[np.newaxis].astype("float32") / 255, "incorrect",
     "the shape is (1, 28, 28)"),
    (lambda image: prepare_images(image.T[np.newaxis]), "incorrect",
     "row * 28 + column"),
    (lambda image: prepare_images(image.astype("float32")), "incorrect",
     "TypeError"),
])
def test_prepare_one(answer, kind, words):
    feedback = prepare_one_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    answers = [
        (digit_shares_exercise, lambda labels: np.bincount(labels) / 40),
        (prepare_one_exercise, lambda image: prepare_images(image)),
        (prepare_one_exercise, lambda image: image[np.newaxis]),
    ]
    for exercise, answer in answers:
        message = exercise.evaluate(answer).message
        assert message.startswith(("还不对：", "还没有做对：")), message
        assert "For a nudge" not in message and "需要提示" in message
