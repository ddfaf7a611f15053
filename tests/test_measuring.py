"""Tests for scratchnet.measuring (chapter 11): the four one-epoch trainers
train alike, and the timer keeps the warm-up off the clock."""

import numpy as np
import pytest

from scratchnet.measuring import (
    compiled_trainer,
    eager_trainer,
    keras_trainer,
    seconds_per_epoch,
    step_trainer,
)

from helpers import article_model, assert_same_weights, dim_batch


def test_the_trainers_train_alike():
    """One epoch of each trainer gives the same weights (within float32
    rounding): they time the same computation. 300 samples: two batches of
    128 and one of 44."""
    images, labels = dim_batch(300)
    start = article_model().weights[2].numpy()
    trained = []
    for make_trainer in [eager_trainer, step_trainer, compiled_trainer,
                         keras_trainer]:
        model = article_model()
        make_trainer(model)(images, labels)
        trained.append(model)
    assert not np.allclose(trained[0].weights[2].numpy(), start, atol=1e-4)
    for model in trained[1:]:
        assert_same_weights(model, trained[0], atol=1e-6)


def test_seconds_per_epoch_warms_up_then_keeps_the_best():
    """The warm-up sees one full and one partial batch, off the clock; then
    `epochs` full epochs are timed, and the shortest counts."""
    calls = []

    def make_trainer(model, batch_size):
        def train_one_epoch(images, labels):
            calls.append(len(images))
        return train_one_epoch

    images, labels = np.zeros((1000, 2)), np.zeros(1000)
    seconds = seconds_per_epoch(make_trainer, None, images, labels,
                                batch_size=128, epochs=3)
    assert calls == [128 + 1000 % 128, 1000, 1000, 1000]
    assert seconds == pytest.approx(0, abs=0.01)
