"""Tests for fit (chapter 7)."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import NaiveDense, NaiveSequential, fit
from helpers import small_data, small_model


def test_prints_the_original_lines_and_returns_the_history(capsys):
    images, labels = small_data(300)
    losses = fit(small_model(), images, labels, epochs=2, batch_size=2)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Epoch 0"
    assert out[1].startswith("loss at batch 0: ")
    assert "loss at batch 100: " in out[2]
    assert "Epoch 1" in out
    assert len(losses) == 2 * 150
    assert all(isinstance(loss, float) for loss in losses)


def test_batch_size_is_used():
    images, labels = small_data(300)
    assert len(fit(small_model(), images, labels, 1, batch_size=7,
                   verbose=False)) == 43
    assert len(fit(small_model(), images, labels, 3, batch_size=128,
                   verbose=False)) == 3 * 3


def test_verbose_false_is_silent(capsys):
    fit(small_model(), *small_data(50), epochs=1, verbose=False)
    assert capsys.readouterr().out == ""


def test_it_learns():
    images, labels = small_data(300)
    losses = fit(small_model(), images, labels, epochs=20, batch_size=16,
                 learning_rate=0.1, verbose=False)
    assert np.mean(losses[-19:]) < 0.5 * np.mean(losses[:19])


def test_nan_loss_stops_with_epoch_and_batch():
    images, labels = small_data(300)
    images[25] = 3e38  # overflows float32 in the first layer: inf, then NaN
    with pytest.raises(ValueError, match=r"became nan at epoch 0, batch 2: "
                                         r".*learning rate"):
        fit(small_model(), images, labels, epochs=2, batch_size=10,
            verbose=False)


def test_bad_input_is_caught_before_training():
    images, labels = small_data(30)
    with pytest.raises(ValueError, match="30 images and 29 labels"):
        fit(small_model(), images, labels[:29], epochs=1)
    with pytest.raises(ValueError, match="batch_size"):
        fit(small_model(), images, labels, epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="between 0 and 2"):
        fit(small_model(), images, labels + 1, epochs=1, verbose=False)


def test_training_is_bitwise_repeatable_without_op_determinism():
    """The chapters seed everything but do not enable op determinism (it
    doubles the training time on CPU). This checks the claim that they do
    not need it: two runs from the same seed give identical bits."""
    rng = np.random.default_rng(0)
    images = rng.random((640, 784), dtype=np.float32) * 0.1
    labels = rng.integers(0, 10, 640)
    results = []
    for _ in range(2):
        tf.keras.utils.set_random_seed(0)
        model = NaiveSequential([
            NaiveDense(784, 512, activation=tf.nn.relu),
            NaiveDense(512, 10, activation=tf.nn.softmax),
        ])
        losses = fit(model, images, labels, epochs=2, verbose=False)
        results.append((losses, [w.numpy() for w in model.weights]))
    assert results[0][0] == results[1][0]
    for first, second in zip(results[0][1], results[1][1]):
        np.testing.assert_array_equal(first, second)
