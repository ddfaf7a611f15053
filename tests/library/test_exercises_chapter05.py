"""The checks of chapter 5's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter05)."""

import math

import numpy as np
import pytest

from scratchnet import BatchGenerator
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter05 import (
    batch_counts_exercise,
    shuffled_batches_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def right_counts(num_samples, batch_size):
    return math.ceil(num_samples / batch_size), (
        num_samples - (math.ceil(num_samples / batch_size) - 1) * batch_size)


@pytest.mark.parametrize("answer, kind, words", [
    (right_counts, "correct", "Correct!"),
    (lambda n, b: ..., "unanswered", "Not answered yet"),
    (lambda n, b: (n // b, n % b), "mistake", "drops the last, smaller"),
    (lambda n, b: (math.ceil(n / b), n % b), "mistake", "the last batch is "
     "full"),
    (lambda n, b: (math.ceil(n / b), b), "mistake", "only what is left"),
    (lambda n, b: math.ceil(n / b), "incorrect", "return two numbers"),
    (lambda n, b: (math.ceil(n / b) + 1, 3), "incorrect", "make 8572"),
    (lambda n, b: n / 0, "incorrect", "ZeroDivisionError"),
])
def test_batch_counts(answer, kind, words):
    feedback = batch_counts_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


class Shuffled(BatchGenerator):
    """The solution of exercise 5.2."""

    def __init__(self, images, labels, rng, batch_size=128):
        order = rng.permutation(len(images))
        super().__init__(images[order], labels[order], batch_size)


class Starter(BatchGenerator):
    """The starter cell of exercise 5.2, untouched."""

    def __init__(self, images, labels, rng, batch_size=128):
        order = ...  # noqa: F841
        super().__init__(..., ..., batch_size)


class InPlace(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        state = rng.bit_generator.state
        rng.shuffle(images)
        rng.bit_generator.state = state
        rng.shuffle(labels)
        super().__init__(images, labels, batch_size)


class Draws(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        order = rng.integers(0, len(images), len(images))
        super().__init__(images[order], labels[order], batch_size)


class TwoOrders(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        super().__init__(images[rng.permutation(len(images))],
                         labels[rng.permutation(len(labels))], batch_size)


class NotReordered(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        rng.permutation(len(images))
        super().__init__(images, labels, batch_size)


class Reseeded(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        order = np.random.default_rng(0).permutation(len(images))
        super().__init__(images[order], labels[order], batch_size)


OTHER_RNG = np.random.default_rng(7)


class OtherRandom(BatchGenerator):
    def __init__(self, images, labels, rng, batch_size=128):
        order = OTHER_RNG.permutation(len(images))
        super().__init__(images[order], labels[order], batch_size)


@pytest.mark.parametrize("answer, kind, words", [
    (Shuffled, "correct", "Correct!"),
    (Starter, "unanswered", "Not answered yet"),
    (InPlace, "mistake", "shuffled in place"),
    (Draws, "mistake", "every sample exactly once"),
    (TwoOrders, "mistake", "two different orders"),
    (NotReordered, "mistake", "original order"),
    (Reseeded, "mistake", "same rng serve the same order"),
    (OtherRandom, "mistake", "does not come from the rng"),
])
def test_shuffled_batches(answer, kind, words):
    feedback = shuffled_batches_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for answer in (Draws, TwoOrders, Reseeded):
        message = shuffled_batches_exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
