"""The checks of chapter 3's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter03)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter03 import (
    center_weights_exercise,
    merge_layers_exercise,
    softmax_rows_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def stable_softmax(scores):
    exps = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def divided(shift, total):
    """A softmax: exp of the scores minus ``shift(scores)``, divided by
    ``total(exps)``."""
    def softmax(scores):
        exps = np.exp(scores - shift(scores))
        return exps / total(exps)
    return softmax


def row_max(scores):
    return scores.max(axis=1, keepdims=True)


def row_sum(exps):
    return exps.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("answer, kind, words", [
    (stable_softmax, "correct", "Correct!"),
    (lambda scores: tf.nn.softmax(scores), "correct", "Correct!"),
    (lambda scores: ..., "unanswered", "Not answered yet"),
    (divided(lambda s: s.max(), lambda e: e.sum(axis=0)), "mistake",
     "each column sums to 1"),
    (divided(lambda s: s.max(), lambda e: e.sum()), "mistake",
     "the whole batch sums to 1"),
    (divided(lambda s: 0, lambda e: e.sum(axis=1)), "mistake",
     "a shape (n,) met a shape (n, 1)"),
    (divided(lambda s: s.max(axis=1), row_sum), "mistake",
     "a shape (n,) met a shape (n, 1)"),
    (divided(lambda s: 0, row_sum), "mistake", "exp(1000) overflows"),
    (divided(lambda s: s.max(), row_sum), "mistake",
     "the largest score of the whole batch"),
    (divided(row_max, lambda e: 1), "incorrect",
     "the probabilities are [0.66, 0.24, 0.1]"),
    (lambda scores: stable_softmax(scores)[:, :2], "incorrect",
     "one probability per score"),
])
def test_softmax_rows(answer, kind, words):
    feedback = softmax_rows_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_softmax_check_prints_no_numpy_warning():
    with np.errstate(all="raise"):  # a warning would raise here
        feedback = softmax_rows_exercise.evaluate(
            divided(lambda s: 0, row_sum))
    assert feedback.kind == "mistake", feedback


def center_right(layer):
    layer.W.assign(layer.W - 0.05)


def center_starter(layer):
    """The starter cell of exercise 3.3, untouched."""
    shifted = ...  # noqa: F841
    ...


def center_new_variable(layer):
    layer.W = tf.Variable(layer.W - 0.05)


def center_plain_tensor(layer):
    layer.W = layer.W - 0.05


def center_computed_only(layer):
    return layer.W - 0.05


def center_bias_too(layer):
    layer.W.assign(layer.W - 0.05)
    layer.b.assign(layer.b - 0.05)


def center_up(layer):
    layer.W.assign(layer.W + 0.05)


def center_too_far(layer):
    layer.W.assign(layer.W - 0.1)


@pytest.mark.parametrize("answer, kind, words", [
    (center_right, "correct", "Correct!"),
    (center_new_variable, "correct", "Correct!"),
    (center_starter, "unanswered", "Not answered yet"),
    (center_plain_tensor, "mistake", "a plain tensor"),
    (center_computed_only, "mistake", "layer.W did not change"),
    (center_bias_too, "mistake", "b moved too"),
    (center_up, "mistake", "went up by 0.05"),
    (center_too_far, "incorrect", "should become [-0.05, -0.033"),
])
def test_center_weights(answer, kind, words):
    feedback = center_weights_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_center_weights_check_draws_no_random_number():
    tf.random.set_seed(0)
    expected = tf.random.uniform((2,)).numpy()
    tf.random.set_seed(0)
    center_weights_exercise.evaluate(center_right)
    assert np.array_equal(tf.random.uniform((2,)).numpy(), expected)


def merging(step):
    """merge_layers, merging layer after layer with ``step``."""
    def merge_layers(layers):
        W, b = layers[0]
        for W_next, b_next in layers[1:]:
            W, b = step(W, b, W_next, b_next)
        return W, b
    return merge_layers


def merge_starter(layers):
    """The starter cell of exercise 3.4, untouched."""
    W, b = layers[0]
    for _W_next, _b_next in layers[1:]:
        W = ...
        b = ...
    return W, b


def merge_weights_first(layers):
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W = W @ W_next
        b = b @ W + b_next
    return W, b


def merge_written_out(layers):
    if len(layers) == 2:
        (W1, b1), (W2, b2) = layers
        return W1 @ W2, b1 @ W2 + b2
    (W1, b1), (W2, b2), (W3, b3) = layers
    return W1 @ W2 @ W3, b1 @ W2 + b2 @ W3 + b3


@pytest.mark.parametrize("answer, kind, words", [
    (merging(lambda W, b, Wn, bn: (W @ Wn, b @ Wn + bn)), "correct",
     "Correct!"),
    (merging(lambda W, b, Wn, bn: (tf.matmul(W, Wn), b @ Wn + bn)),
     "correct", "Correct!"),
    (merge_starter, "unanswered", "Not answered yet"),
    (merging(lambda W, b, Wn, bn: (Wn @ W, b @ Wn + bn)), "mistake",
     "wrong order"),
    (merging(lambda W, b, Wn, bn: (W * Wn, b @ Wn + bn)), "mistake",
     "entry by entry"),
    (merging(lambda W, b, Wn, bn: (W @ Wn, bn)), "mistake",
     "b1 is missing"),
    (merging(lambda W, b, Wn, bn: (W @ Wn, b + bn)), "mistake",
     "multiplied by W2 too"),
    (merging(lambda W, b, Wn, bn: (W @ Wn, b @ Wn)), "mistake",
     "b2 is missing"),
    (merging(lambda W, b, Wn, bn: (W @ Wn, b @ Wn + 2 * bn)), "mistake",
     "counted twice"),
    (merging(lambda W, b, Wn, bn: (W @ Wn, Wn @ b + bn)), "mistake",
     "wrong side"),
    (merge_weights_first, "mistake", "b1 went through W1 @ W2"),
    (merge_written_out, "mistake", "stopped before W3"),
    (merging(lambda W, b, Wn, bn: (W @ Wn + 1, b @ Wn + bn)), "incorrect",
     "or other numbers"),
    (lambda layers: layers[0][0], "incorrect", "return two things"),
])
def test_merge_layers(answer, kind, words):
    feedback = merge_layers_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    answers = [
        (softmax_rows_exercise, divided(lambda s: 0, row_sum)),
        (center_weights_exercise, center_plain_tensor),
        (merge_layers_exercise, merge_weights_first),
        (merge_layers_exercise, lambda layers: layers[0][0]),
    ]
    for exercise, answer in answers:
        message = exercise.evaluate(answer).message
        assert message.startswith(("还不对：", "还没有做对：")), message
        assert "For a nudge" not in message and "需要提示" in message
