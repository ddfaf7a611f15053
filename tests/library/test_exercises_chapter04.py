"""The checks of chapter 4's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter04)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import NaiveDense, NaiveSequential
from scratchnet.exercises import set_language
from scratchnet.exercises.chapter04 import (
    deeper_model_exercise,
    mean_loss_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


relu, softmax, tanh = tf.nn.relu, tf.nn.softmax, tf.nn.tanh


def builder(*layers):
    """A build_deeper_model whose layers are (input, output, activation)."""
    def build_deeper_model():
        return NaiveSequential([
            layer if layer is Ellipsis else NaiveDense(*layer)
            for layer in layers])
    return build_deeper_model


RIGHT = [(784, 512, relu), (512, 256, relu), (256, 10, softmax)]


@pytest.mark.parametrize("answer, kind, words", [
    (builder(*RIGHT), "correct", "Correct!"),
    (builder(RIGHT[0], ..., ...), "unanswered", "Not answered yet"),
    (lambda: ..., "unanswered", "Not answered yet"),
    (builder(RIGHT[0], RIGHT[1], (512, 10, softmax)), "mistake",
     "layer 3 has input_size=512, but layer 2 gives 256"),
    (builder(RIGHT[0], (512, 256, softmax), RIGHT[2]), "mistake",
     "layer 2 is a hidden layer with softmax"),
    (builder(RIGHT[0], RIGHT[1], (256, 10, relu)), "mistake",
     "the last layer uses relu"),
    (builder(RIGHT[0], (512, 10, softmax)), "incorrect", "has 2 layers"),
    (builder((784, 256, relu), (256, 512, relu), (512, 10, softmax)),
     "incorrect", "the layers are 784 -> 256"),
    (builder(RIGHT[0], (512, 256, tanh), RIGHT[2]), "incorrect",
     "layer 2 uses tanh"),
    (lambda: [NaiveDense(*layer) for layer in RIGHT], "incorrect",
     "returned list, not a model"),
])
def test_deeper_model(answer, kind, words):
    feedback = deeper_model_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def right_loss(probabilities, labels):
    true_class = probabilities[np.arange(len(labels)), labels]
    return -np.mean(np.log(true_class))


def true_class(probabilities, labels):
    return probabilities[np.arange(len(labels)), labels]


@pytest.mark.parametrize("answer, kind, words", [
    (right_loss, "correct", "Correct!"),
    (lambda p, labels: tf.reduce_mean(
        tf.keras.losses.sparse_categorical_crossentropy(labels, p)),
     "correct", "Correct!"),
    (lambda p, labels: ..., "unanswered", "Not answered yet"),
    (lambda p, labels: -np.mean(np.log(p[:, labels])), "mistake",
     "a 5 × 5 table"),
    (lambda p, labels: -np.sum(np.log(true_class(p, labels))), "mistake",
     "the sum over the images"),
    (lambda p, labels: np.mean(np.log(true_class(p, labels))), "mistake",
     "the sign is flipped"),
    (lambda p, labels: -np.mean(np.log10(true_class(p, labels))),
     "mistake", "np.log10"),
    (lambda p, labels: -np.mean(np.log(p.max(axis=1))), "mistake",
     "the model's answer"),
    (lambda p, labels: -np.log(true_class(p, labels)), "mistake",
     "one loss per image"),
    (lambda p, labels: -np.log(np.mean(true_class(p, labels))),
     "incorrect", "mean_loss gave"),
    (lambda p, labels: "six", "incorrect", "should return one number"),
])
def test_mean_loss(answer, kind, words):
    feedback = mean_loss_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


@pytest.mark.parametrize("exercise, answer", [
    (deeper_model_exercise, builder(RIGHT[0], RIGHT[1], (512, 10, softmax))),
    (deeper_model_exercise, builder(RIGHT[0], (512, 256, softmax),
                                    RIGHT[2])),
    (deeper_model_exercise, builder(RIGHT[0], RIGHT[1], (256, 10, relu))),
    (mean_loss_exercise, lambda p, labels: -np.mean(np.log(p[:, labels]))),
    (mean_loss_exercise, lambda p, labels: np.mean(np.log(
        true_class(p, labels)))),
])
def test_every_message_has_its_chinese(exercise, answer):
    english = exercise.evaluate(answer).message
    set_language("zh")
    chinese = exercise.evaluate(answer).message
    assert chinese.startswith("还不对：") and chinese != english
    assert "Not quite" not in chinese and "For a nudge" not in chinese
