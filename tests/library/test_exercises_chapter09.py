"""The checks of chapter 9's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter09)."""

import numpy as np
import pytest

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter09 import (
    relu_mask_exercise,
    stable_softmax_exercise,
    step_operations_exercise,
)
from scratchnet.gradient_check import backprop_numpy


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def backprop_with(relu_gradient, dW2_transposed=False, da1_product=None):
    """A backward pass like the chapter's, with dz1 from ``relu_gradient``
    and optionally a transpose mistake."""
    def backprop(weights, images, labels):
        W1, b1, W2, b2 = [np.asarray(w, dtype=np.float64) for w in weights]
        x = np.asarray(images, dtype=np.float64)
        z1 = x @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        exp = np.exp(z2 - z2.max(axis=1, keepdims=True))
        probabilities = exp / exp.sum(axis=1, keepdims=True)
        dz2 = (probabilities - np.eye(W2.shape[1])[labels]) / len(x)
        dW2 = dz2.T @ a1 if dW2_transposed else a1.T @ dz2
        da1 = (da1_product or (lambda dz2, W2: dz2 @ W2.T))(dz2, W2)
        dz1 = relu_gradient(z1, a1, da1)
        return [x.T @ dz1, dz1.sum(axis=0), dW2, dz2.sum(axis=0)]
    return backprop


def mask_z1(z1, a1, da1):
    return da1 * (z1 > 0)


@pytest.mark.parametrize("answer, kind, words", [
    (backprop_numpy, "correct", "Correct!"),
    (backprop_with(lambda z1, a1, da1: da1 * (a1 > 0)), "correct",
     "a mask (a1 > 0) works as well"),
    (lambda weights, images, labels: ..., "unanswered", "Not answered yet"),
    (backprop_with(lambda z1, a1, da1: da1), "mistake",
     "missing the relu mask"),
    (backprop_with(lambda z1, a1, da1: da1 * a1), "mistake",
     "multiplied by the hidden values a1"),
    (backprop_with(lambda z1, a1, da1: da1 * (da1 > 0)), "mistake",
     "sign of the gradient da1"),
    (backprop_with(mask_z1, dW2_transposed=True), "mistake",
     "dW2 has the shape (3, 4)"),
    (backprop_with(mask_z1, da1_product=lambda dz2, W2: dz2 @ W2), "mistake",
     "shapes do not fit"),
    (backprop_with(lambda z1, a1, da1: 2 * da1 * (z1 > 0)), "incorrect",
     "dW1, db1 differ"),
    (lambda weights, images, labels: backprop_numpy(
        weights, images, labels)[:3], "incorrect", "the four gradients"),
])
def test_relu_mask(answer, kind, words):
    feedback = relu_mask_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def operations(layer_sizes, batch_size):
    """The solution of exercise 9.3."""
    total = 0
    for i, (inputs, outputs) in enumerate(zip(layer_sizes,
                                              layer_sizes[1:])):
        passes = 2 if i == 0 else 3
        total += 2 * passes * inputs * outputs * batch_size
    return total


def per_weight(passes):
    def count(layer_sizes, batch_size):
        weights = [a * b for a, b in zip(layer_sizes, layer_sizes[1:])]
        return batch_size * sum(2 * passes(i) * w
                                for i, w in enumerate(weights))
    return count


@pytest.mark.parametrize("answer, kind, words", [
    (operations, "correct", "Correct!"),
    (lambda sizes, n: ..., "unanswered", "Not answered yet"),
    (per_weight(lambda i: 2), "mistake", "the error passed back"),
    (per_weight(lambda i: 3), "mistake", "passes nothing back"),
    (per_weight(lambda i: 1), "mistake", "the forward pass only"),
    (lambda sizes, n: operations(sizes, 1), "mistake", "for one sample"),
    (lambda sizes, n: operations(sizes, n) // 2, "mistake",
     "a multiplication and an addition"),
    (lambda sizes, n: operations(sizes[:2], n), "incorrect",
     "209453056 operations"),
])
def test_step_operations(answer, kind, words):
    feedback = step_operations_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def softmax(logits):
    """The solution of exercise 9.4."""
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def shifted_by(shift, axis=1, keepdims=True):
    def wrong(logits):
        exp = np.exp(logits - shift(logits))
        return exp / exp.sum(axis=axis, keepdims=keepdims)
    return wrong


@pytest.mark.parametrize("answer, kind, words", [
    (softmax, "correct", "Correct!"),
    (lambda z: ..., "unanswered", "Not answered yet"),
    (shifted_by(lambda z: 0), "mistake", "without a shift"),
    (shifted_by(lambda z: z.max()), "mistake", "the whole batch, 1000"),
    (shifted_by(lambda z: z.max(axis=1)), "mistake", "keepdims=True"),
    (shifted_by(lambda z: z.max(axis=1, keepdims=True), keepdims=False),
     "mistake", "keepdims=True"),
    (shifted_by(lambda z: z.max(axis=1, keepdims=True), axis=0), "mistake",
     "each row must sum to 1"),
    (shifted_by(lambda z: z.max(axis=1, keepdims=True), axis=None),
     "mistake", "each row must sum to 1"),
    (lambda z: softmax(z[:, ::-1]), "incorrect", "the softmax is"),
    (lambda z: softmax(z) if z.shape == (3, 3) else z, "incorrect",
     "right for a 3 x 3 batch"),
])
def test_stable_softmax(answer, kind, words):
    feedback = stable_softmax_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [
            (relu_mask_exercise, backprop_with(lambda z1, a1, da1: da1)),
            (relu_mask_exercise, backprop_with(mask_z1, True)),
            (step_operations_exercise, per_weight(lambda i: 3)),
            (stable_softmax_exercise, shifted_by(lambda z: z.max()))]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    assert relu_mask_exercise.evaluate(
        backprop_numpy).message.startswith("正确！")
