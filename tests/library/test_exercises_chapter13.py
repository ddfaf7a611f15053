"""The checks of chapter 13's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter13)."""

import inspect

import numpy as np
import pytest

import scratchnet.tape
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter13 import (
    reused_weights_exercise,
    sigmoid_exercise,
)
from scratchnet.tape import add, mean, record, softmax_cross_entropy, tape_loss


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def sigmoid_with(rule, forward=lambda z: 1 / (1 + np.exp(-z))):
    def sigmoid(z):
        out = forward(z)
        return record("sigmoid", [z], out, [lambda d: rule(d, z, out)])
    return sigmoid


sigmoid = sigmoid_with(lambda d, z, out: d * out * (1 - out))


def sigmoid_unrecorded(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_of_out(z):
    out = 1 / (1 + np.exp(-z))
    return record("sigmoid", [out], out, [lambda d: d * out * (1 - out)])


@pytest.mark.parametrize("answer, kind, words", [
    (sigmoid, "correct", "Correct!"),
    (sigmoid_with(lambda d, z, out: d * np.exp(-z) / (1 + np.exp(-z)) ** 2),
     "correct", "Correct!"),
    (sigmoid_with(lambda d, z, out: ...), "unanswered", "Not answered yet"),
    (sigmoid_with(lambda d, z, out: d * out * (1 - out),
                  forward=lambda z: 1 / (1 + np.exp(z))), "mistake",
     "exponent's sign"),
    (sigmoid_unrecorded, "mistake", "no record"),
    (sigmoid_with(lambda d, z, out: d * z * (1 - z)), "mistake",
     "uses the input z"),
    (sigmoid_with(lambda d, z, out: out * (1 - out)), "mistake",
     "drops d"),
    (sigmoid_with(lambda d, z, out: d * out), "mistake",
     "1 - sigma(z) is missing"),
    (sigmoid_with(lambda d, z, out: d * (1 - out)), "mistake",
     "sigma(z) is missing"),
    (sigmoid_with(lambda d, z, out: d * out * (1 + out)), "incorrect",
     "should return d * sigma(z)"),
    (sigmoid_with(lambda d, z, out: d * out * (1 - out),
                  forward=lambda z: np.tanh(z)), "incorrect",
     "not 1 / (1 + e^(-z))"),
    (sigmoid_of_out, "mistake", "no record of them with z as input"),
])
def test_sigmoid(answer, kind, words):
    feedback = sigmoid_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_the_check_uses_the_tape_the_answer_was_written_beside():
    """A notebook defines its own Tape and record: the check must record
    the learner's sigmoid on that Tape, or it would see no record."""
    notebook = {}
    exec(inspect.getsource(scratchnet.tape), notebook)
    exec(inspect.getsource(sigmoid_unrecorded).replace(
        "def sigmoid_unrecorded(z):\n    return",
        "def sigmoid(z):\n    out =") + "    return record('sigmoid', [z], "
         "out, [lambda d: d * out * (1 - out)])\n", notebook)
    assert notebook["Tape"] is not scratchnet.tape.Tape
    assert sigmoid_exercise.evaluate(notebook["sigmoid"]).kind == "correct"


def reused_weights_loss(weights, images, labels):
    """The solution of exercise 13.2."""
    half = len(images) // 2
    return add(tape_loss(weights, images[:half], labels[:half]),
               tape_loss(weights, images[half:], labels[half:]))


def halves_added_with_plus(weights, images, labels):
    half = len(images) // 2
    return (tape_loss(weights, images[:half], labels[:half])
            + tape_loss(weights, images[half:], labels[half:]))


def only_the_second_half(weights, images, labels):
    half = len(images) // 2
    tape_loss(weights, images[:half], labels[:half])
    return tape_loss(weights, images[half:], labels[half:])


def not_through_the_tape(weights, images, labels):
    W1, b1, W2, b2 = weights
    hidden = np.maximum(images @ W1 + b1, 0)  # outside the tape
    logits = add(hidden @ W2, b2)
    return add(mean(softmax_cross_entropy(logits, labels)),
               mean(softmax_cross_entropy(logits, labels)))


@pytest.mark.parametrize("answer, kind, words", [
    (reused_weights_loss, "correct", "Correct!"),
    (lambda weights, images, labels: add(
        tape_loss(weights, images, labels),
        tape_loss(weights, images, labels)), "correct", "Correct!"),
    (lambda weights, images, labels: ..., "unanswered", "Not answered yet"),
    (halves_added_with_plus, "mistake", "did not record your loss"),
    (tape_loss, "mistake", "uses each weight once"),
    (only_the_second_half, "mistake", "uses each weight once"),
    (not_through_the_tape, "incorrect", "No gradient reached"),
])
def test_reused_weights(answer, kind, words):
    feedback = reused_weights_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [
            (sigmoid_exercise, sigmoid_unrecorded),
            (sigmoid_exercise,
             sigmoid_with(lambda d, z, out: d * z * (1 - z))),
            (reused_weights_exercise, halves_added_with_plus),
            (reused_weights_exercise, tape_loss)]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    for exercise, answer in [(sigmoid_exercise, sigmoid),
                             (reused_weights_exercise, reused_weights_loss)]:
        assert exercise.evaluate(answer).message.startswith("正确！")
