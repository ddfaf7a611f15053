"""Tests for fit (chapter 7), with Keras's fit as the oracle; the NaN and
bad-input checks also for fit_compiled (chapter 11), which trains like it."""

import numpy as np
import pytest

from scratchnet import fit
from scratchnet.fast_training import fit_compiled
from scratchnet.keras_bridge import keras_twin

from helpers import (
    article_model,
    assert_same_weights,
    dim_batch,
    small_data,
    small_model,
)


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


def test_one_epoch_equals_keras_fit():
    """Keras is the oracle: from the same weights, one epoch of fit and one
    epoch of Keras's fit (shuffle=False, plain SGD at 1e-3) end with every
    weight within 1e-6. 600 samples: 4 batches of 128 and one of 88."""
    images, labels = dim_batch(600)
    model = article_model()
    twin = keras_twin(model)
    start = model.weights[2].numpy().copy()
    fit(model, images, labels, epochs=1, verbose=False)
    twin.fit(images, labels, batch_size=128, epochs=1, shuffle=False,
             verbose=0)
    assert_same_weights(model, twin, atol=1e-6)
    assert not np.allclose(model.weights[2].numpy(), start, atol=1e-4)


@pytest.mark.parametrize("train", [fit, fit_compiled])
def test_nan_and_bad_input_stop_with_a_clear_error(train):
    images, labels = small_data(300)
    broken = images.copy()
    broken[25] = 3e38  # overflows float32 in the first layer: inf, then NaN
    with pytest.raises(ValueError, match=r"became nan at epoch 0, batch 2: "
                                         r".*learning rate"):
        train(small_model(), broken, labels, epochs=2, batch_size=10,
              verbose=False)
    with pytest.raises(ValueError, match="300 images and 299 labels"):
        train(small_model(), images, labels[:299], epochs=1)
    with pytest.raises(ValueError, match="batch_size"):
        train(small_model(), images, labels, epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="between 0 and 2"):
        train(small_model(), images, labels + 1, epochs=1, verbose=False)


def test_training_is_bitwise_repeatable_without_op_determinism():
    """The chapters seed everything but do not enable op determinism (it
    doubles the training time on CPU). This checks the claim that they do
    not need it: two runs from the same seed give identical bits."""
    images, labels = dim_batch(640)
    results = []
    for _ in range(2):
        model = article_model()
        losses = fit(model, images, labels, epochs=2, verbose=False)
        results.append((losses, [w.numpy() for w in model.weights]))
    assert results[0][0] == results[1][0]
    for first, second in zip(results[0][1], results[1][1]):
        np.testing.assert_array_equal(first, second)
