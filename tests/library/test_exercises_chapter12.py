"""The checks of chapter 12's exercises: right answers pass, each named
mistake gets its own message, and the untouched starters are not answered
(scratchnet.exercises.chapter12)."""

import math

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.exercises import set_language
from scratchnet.exercises.chapter12 import (
    first_step_exercise,
    he_uniform_exercise,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def first_step(gradient, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
    """The solution of exercise 12.2."""
    v = (1 - rho) * gradient ** 2
    return -learning_rate * gradient / np.sqrt(v + epsilon)


def step_with(v_of, root=np.sqrt, epsilon_outside=False, sign=-1):
    def step(gradient, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
        v = v_of(gradient, rho)
        if epsilon_outside:
            return sign * learning_rate * gradient / (root(v) + epsilon)
        return sign * learning_rate * gradient / root(v + epsilon)
    return step


def right_v(gradient, rho):
    return (1 - rho) * gradient ** 2


@pytest.mark.parametrize("answer, kind, words", [
    (first_step, "correct", "Correct!"),
    (lambda gradient, learning_rate=1e-3, rho=0.9, epsilon=1e-7: ...,
     "unanswered", "Not answered yet"),
    (step_with(right_v, sign=1), "mistake", "along the gradient"),
    (lambda *args: np.abs(first_step(*args)), "mistake", "with their sign"),
    (step_with(lambda g, rho: g ** 2), "mistake", "not g^2"),
    (step_with(lambda g, rho: rho * g ** 2), "mistake",
     "rho weighs the old average"),
    (step_with(right_v, epsilon_outside=True), "mistake",
     "inside the square root"),
    (lambda gradient, learning_rate=1e-3, rho=0.9, epsilon=1e-7:
     -np.sign(gradient) * learning_rate / math.sqrt(1 - rho), "mistake",
     "only while g^2"),
    (step_with(right_v, root=lambda x: x), "mistake",
     "square root is missing"),
    (lambda gradient, *args: first_step(gradient), "mistake",
     "still takes Keras's defaults"),
    (lambda *args: 2 * first_step(*args), "incorrect",
     "RMSprop's first step is"),
    (lambda gradient, *args: first_step(gradient[:3], *args), "incorrect",
     "return 6 changes"),
])
def test_first_step(answer, kind, words):
    feedback = first_step_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def uniform_with(limit_of, minval_of=lambda limit: -limit):
    def initialise(model):
        for layer in model.layers:
            n_in, n_out = layer.W.shape
            limit = limit_of(n_in, n_out)
            layer.W.assign(tf.random.uniform(
                layer.W.shape, minval=minval_of(limit), maxval=limit))
        return model
    return initialise


he_uniform = uniform_with(lambda n_in, n_out: math.sqrt(6 / n_in))


def he_normal(model):
    for layer in model.layers:
        layer.W.assign(tf.random.normal(
            layer.W.shape, stddev=math.sqrt(2 / layer.W.shape[0])))
    return model


def he_uniform_without_return(model):
    he_uniform(model)


@pytest.mark.parametrize("answer, kind, words", [
    (he_uniform, "correct", "Correct!"),
    (lambda model: ..., "unanswered", "Not answered yet"),
    (uniform_with(lambda n_in, n_out: math.sqrt(6 / n_out)), "mistake",
     "sqrt(6 / n_out)"),
    (uniform_with(lambda n_in, n_out: math.sqrt(2 / n_in)), "mistake",
     "took the variance for the limit"),
    (uniform_with(lambda n_in, n_out: math.sqrt(6 / (n_in + n_out))),
     "mistake", "Glorot's"),
    (uniform_with(lambda n_in, n_out: math.sqrt(6 / n_in),
                  minval_of=lambda limit: 0), "mistake",
     "all positive"),
    (he_normal, "mistake", "a normal distribution"),
    (uniform_with(lambda n_in, n_out: 1.0), "incorrect", "He's limit is"),
    (he_uniform_without_return, "incorrect", "return the model"),
])
def test_he_uniform(answer, kind, words):
    feedback = he_uniform_exercise.evaluate(answer)
    assert feedback.kind == kind and words in feedback.message, feedback


def test_the_starters_are_not_answered():
    def first_step_starter(gradient, learning_rate=1e-3, rho=0.9,
                           epsilon=1e-7):
        v = ...  # noqa: F841
        return ...

    def he_uniform_starter(model):
        for layer in model.layers:
            limit = ...  # noqa: F841
            layer.W.assign(...)
        return model

    assert first_step_exercise.evaluate(first_step_starter).kind == (
        "unanswered")
    assert he_uniform_exercise.evaluate(he_uniform_starter).kind == (
        "unanswered")


def test_every_message_has_its_chinese():
    set_language("zh")
    for exercise, answer in [
            (first_step_exercise, step_with(lambda g, rho: g ** 2)),
            (first_step_exercise, step_with(right_v, epsilon_outside=True)),
            (he_uniform_exercise, uniform_with(
                lambda n_in, n_out: math.sqrt(2 / n_in))),
            (he_uniform_exercise, he_normal)]:
        message = exercise.evaluate(answer).message
        assert message.startswith("还不对：") and "For a nudge" not in message
    for exercise, answer in [(first_step_exercise, first_step),
                             (he_uniform_exercise, he_uniform)]:
        assert exercise.evaluate(answer).message.startswith("正确！")
