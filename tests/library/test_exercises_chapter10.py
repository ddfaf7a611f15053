"""The checks of chapter 10's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter10)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter10 import (
    copy_from_keras_exercise,
    loss_from_logits_exercise,
)
from scratchnet.keras_bridge import check_same_shapes, copy_weights_from_keras


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def copy_backwards(keras_model, model):
    check_same_shapes(keras_model.weights, model.weights)
    for keras_weight, naive_weight in zip(keras_model.weights,
                                          model.weights):
        keras_weight.assign(naive_weight)


def copy_by_name(keras_model, model):
    check_same_shapes(keras_model.weights, model.weights)
    for keras_weight, naive_weight in zip(keras_model.weights,
                                          model.weights):
        naive_weight = keras_weight  # noqa: F841 (the mistake)


def copy_unchecked(keras_model, model):
    for keras_weight, naive_weight in zip(keras_model.weights,
                                          model.weights):
        naive_weight.assign(keras_weight)


def copy_first_layer(keras_model, model):
    check_same_shapes(keras_model.weights, model.weights)
    for keras_weight, naive_weight in list(zip(keras_model.weights,
                                               model.weights))[:2]:
        naive_weight.assign(keras_weight)


def copy_and_reset(keras_model, model):
    copy_weights_from_keras(keras_model, model)
    keras_model.weights[0].assign(tf.zeros(keras_model.weights[0].shape))


@pytest.mark.parametrize("answer, kind, words", [
    (copy_weights_from_keras, "correct", "Correct!"),
    (lambda keras_model, model: ..., "unanswered", "Not answered yet"),
    (copy_backwards, "mistake", "the other way"),
    (copy_by_name, "mistake", "second name"),
    (copy_unchecked, "mistake", "zip stops at the shorter list"),
    (copy_first_layer, "incorrect", "W2, b2 still differ"),
    (copy_and_reset, "incorrect", "changed too"),
])
def test_copy_from_keras(answer, kind, words):
    feedback = copy_from_keras_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def loss_from_logits(logits, labels):
    """The solution of exercise 10.2."""
    largest = logits.max(axis=1, keepdims=True)
    log_sum = largest[:, 0] + np.log(np.exp(logits - largest).sum(axis=1))
    return np.mean(log_sum - logits[np.arange(len(labels)), labels])


def through_probabilities(clip):
    def loss(logits, labels):
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        p = (exp / exp.sum(axis=1, keepdims=True))[np.arange(len(labels)),
                                                   labels]
        return np.mean(-np.log(np.clip(p, 1e-7, 1) if clip else p))
    return loss


def unshifted(logits, labels):
    log_sum = np.log(np.exp(logits).sum(axis=1))
    return np.mean(log_sum - logits[np.arange(len(labels)), labels])


def shifted_not_added_back(logits, labels):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.mean(np.log(exp.sum(axis=1))
                   - logits[np.arange(len(labels)), labels])


@pytest.mark.parametrize("answer, kind, words", [
    (loss_from_logits, "correct", "Correct!"),
    (lambda logits, labels: float(tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))),
     "correct", "Correct!"),
    (lambda logits, labels: ..., "unanswered", "Not answered yet"),
    (through_probabilities(clip=False), "mistake", "gives inf"),
    (through_probabilities(clip=True), "mistake", "Never form the"),
    (unshifted, "mistake", "overflows to inf"),
    (lambda z, y: len(y) * loss_from_logits(z, y), "mistake",
     "the sum of the 6 losses"),
    (lambda z, y: -loss_from_logits(z, y), "mistake", "sign is flipped"),
    (lambda z, y: loss_from_logits(z, np.zeros_like(y)), "incorrect",
     "the mean of -z_y"),
    (shifted_not_added_back, "incorrect", "the mean of -z_y"),
    (lambda z, y: np.ones(len(y)), "incorrect", "return one number"),
    (lambda z, y: loss_from_logits(z, y) if z.max() < 500 else 0.0,
     "incorrect", "for logits near 1000, your loss is 0.0000"),
])
def test_loss_from_logits(answer, kind, words):
    feedback = loss_from_logits_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [
            (copy_from_keras_exercise, copy_backwards),
            (copy_from_keras_exercise, copy_unchecked),
            (loss_from_logits_exercise, through_probabilities(True)),
            (loss_from_logits_exercise, unshifted)]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    for exercise, answer in [(copy_from_keras_exercise,
                              copy_weights_from_keras),
                             (loss_from_logits_exercise, loss_from_logits)]:
        assert exercise.evaluate(answer).message.startswith("正确！")
