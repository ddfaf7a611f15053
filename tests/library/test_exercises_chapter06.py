"""The checks of chapter 6's exercises: the right gradient passes, each
named mistake gets its own message, and the untouched starter is not
answered (scratchnet.exercises.chapter06)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter06 import logits_gradient_exercise


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def softmax(logits, axis=1):
    exp = np.exp(logits)
    return exp / np.sum(exp, axis=axis, keepdims=True)


def onehot(logits, labels):
    return np.eye(logits.shape[1])[labels]


def right(logits, labels):
    return (softmax(logits) - onehot(logits, labels)) / len(labels)


def from_the_tape(logits, labels):
    """What a learner may also write: the gradient TensorFlow computes."""
    logits = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
            labels, logits, from_logits=True))
    return tape.gradient(loss, logits)


def starter(logits, labels):
    """The starter cell of exercise 6.1, untouched."""
    N, C = logits.shape
    p = ...  # noqa: F841
    onehot = ...  # noqa: F841
    return ...


@pytest.mark.parametrize("answer, kind, words", [
    (right, "correct", "Correct!"),
    (from_the_tape, "correct", "Correct!"),
    (starter, "unanswered", "Not answered yet"),
    (lambda z, y: (softmax(z) - 1) / len(y), "mistake",
     "subtract 1 at every class"),
    (lambda z, y: (onehot(z, y) - softmax(z)) / len(y), "mistake",
     "the sign is flipped"),
    (lambda z, y: (softmax(z, axis=0) - onehot(z, y)) / len(y), "mistake",
     "each column sum to 1"),
    (lambda z, y: softmax(z) - onehot(z, y), "mistake",
     "divided by N"),
    (lambda z, y: softmax(z) / len(y), "mistake",
     "the -1 at the true class is missing"),
    (lambda z, y: (softmax(z) - onehot(z, y)).T / len(y), "incorrect",
     "yours has shape (3, 4)"),
    (lambda z, y: (softmax(z) - onehot(z, y)) / len(y) * 2, "incorrect",
     "your gradient at image"),
    (lambda z, y: None, "incorrect", "the function returned None"),
])
def test_logits_gradient(answer, kind, words):
    feedback = logits_gradient_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


@pytest.mark.parametrize("answer", [
    lambda z, y: (softmax(z) - 1) / len(y),
    lambda z, y: (softmax(z, axis=0) - onehot(z, y)) / len(y),
    lambda z, y: softmax(z) - onehot(z, y),
])
def test_every_message_has_its_chinese(answer):
    english = logits_gradient_exercise.evaluate(answer).message
    set_language("zh")
    chinese = logits_gradient_exercise.evaluate(answer).message
    assert chinese.startswith("还不对：") and chinese != english
    assert "Not quite" not in chinese and "For a nudge" not in chinese
