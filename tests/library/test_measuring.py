"""Tests for scratchnet.measuring (chapter 11): the count of operations,
the one-epoch trainers train alike and return alike, Keras's
steps_per_execution changes the speed and not the result, and the timer
keeps the warm-up off the clock."""

import time

import numpy as np
import pytest

from scratchnet import fit
from scratchnet.measuring import (
    compiled_trainer,
    eager_trainer,
    flops_per_epoch,
    keras_trainer,
    matmul_gflops,
    seconds_per_epoch,
    step_trainer,
)

from helpers import article_model, assert_same_weights, dim_batch


def test_the_trainers_train_alike_and_return_nothing():
    """One epoch of each trainer gives the weights of one epoch of fit
    (within float32 rounding): they time the same computation. 300
    samples: two batches of 128 and one of 44."""
    images, labels = dim_batch(300)
    expected = article_model()
    fit(expected, images, labels, epochs=1, verbose=False)
    assert not np.allclose(expected.weights[2].numpy(),
                           article_model().weights[2].numpy(), atol=1e-4)
    for make_trainer in [eager_trainer, step_trainer, compiled_trainer,
                         keras_trainer]:
        model = article_model()
        assert make_trainer(model)(images, labels) is None
        assert_same_weights(model, expected, atol=1e-6)


def test_keras_steps_per_execution_changes_nothing_but_the_speed():
    """Several steps per call of Keras's compiled function (here all three
    of the epoch, and 2 of 3) train exactly as one step per call does."""
    images, labels = dim_batch(300)
    one_step = article_model()
    keras_trainer(one_step)(images, labels)
    for steps in [3, 2]:
        many_steps = article_model()
        keras_trainer(many_steps, steps_per_execution=steps)(images, labels)
        assert_same_weights(many_steps, one_step, atol=1e-7)


def test_the_keras_trainer_uses_the_batch_size():
    """batch_size=300 makes one step of the whole data: other weights than
    three steps of 128, 128 and 44."""
    images, labels = dim_batch(300)
    small, large = article_model(), article_model()
    keras_trainer(small)(images, labels)
    keras_trainer(large, batch_size=300)(images, labels)
    assert not np.allclose(small.weights[0].numpy(), large.weights[0].numpy(),
                           atol=1e-7)


def test_seconds_per_epoch_warms_up_then_keeps_the_best(monkeypatch):
    """The warm-up sees one full and one partial batch, off the clock; then
    `repeats` full epochs are timed, and the shortest counts. The clock is
    a fake one, which each epoch moves on by its duration: the test does
    not depend on how busy the machine is."""
    calls = []
    now = [100.0]
    durations = iter([5.0, 0.3, 0.1, 0.2])  # the warm-up is off the clock
    monkeypatch.setattr(time, "perf_counter", lambda: now[0])

    def train_one_epoch(images, labels):
        calls.append(len(images))
        now[0] += next(durations)

    images, labels = np.zeros((1000, 2)), np.zeros(1000)
    seconds = seconds_per_epoch(train_one_epoch, images, labels,
                                batch_size=128, repeats=3)
    assert calls == [128 + 1000 % 128, 1000, 1000, 1000]
    assert seconds == pytest.approx(0.1)


def test_flops_per_epoch_counts_the_five_products():
    """2 operations per weight and sample forward, 2 for each weight's
    gradient, 2 for the gradient passed down, except below the first
    layer: the article's network does about 98.2 GFLOP per epoch, where
    the rule of thumb 6 x parameters x samples says 146.5."""
    assert flops_per_epoch() == 60000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)
    assert round(flops_per_epoch() / 1e9, 1) == 98.2
    parameters = 784 * 512 + 512 + 512 * 10 + 10
    assert round(6 * parameters * 60000 / 1e9, 1) == 146.5
    # 3-4-5 network, 2 samples: weights 12 and 20.
    assert flops_per_epoch((3, 4, 5), 2) == 2 * (2 * 32 + 2 * 32 + 2 * 20)


def test_matmul_gflops_is_a_positive_speed():
    assert matmul_gflops(size=64, repeats=2) > 0
