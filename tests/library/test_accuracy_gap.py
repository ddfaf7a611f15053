"""Tests for scratchnet.accuracy_gap (chapter 12), with Keras's initializer
and keras.optimizers.RMSprop as the oracles."""

import math

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

from scratchnet import one_training_step
from scratchnet.accuracy_gap import (
    RMSprop,
    compute_logits,
    fit_shuffled,
    glorot_uniform,
    loss_and_update_from_logits,
    shuffled,
)
from scratchnet.fast_training import SGD, loss_and_update, make_train_epoch
from scratchnet.keras_bridge import keras_twin

from helpers import (
    article_model,
    assert_same_weights,
    dim_batch,
    keras_copy,
    small_data,
    small_model,
)


def test_glorot_uniform_has_the_range_and_spread_of_keras():
    model = glorot_uniform(article_model())
    keras_kernel = keras.initializers.GlorotUniform(seed=0)((784, 512))
    limit = math.sqrt(6 / (784 + 512))
    ours = model.weights[0].numpy()
    assert np.abs(ours).max() <= limit
    assert np.abs(ours).max() > 0.99 * limit
    assert abs(ours.mean()) < 1e-3
    np.testing.assert_allclose(ours.std(), np.std(keras_kernel), rtol=0.01)
    np.testing.assert_allclose(ours.std(), limit / math.sqrt(3), rtol=0.01)
    assert np.abs(model.weights[2].numpy()).max() <= math.sqrt(6 / 522)
    for b in (model.weights[1], model.weights[3]):
        np.testing.assert_array_equal(b.numpy(), 0)


def test_glorot_uniform_zeroes_trained_biases():
    model = article_model()
    model.layers[0].b.assign(tf.ones(512))
    glorot_uniform(model)
    np.testing.assert_array_equal(model.layers[0].b.numpy(), 0)


def test_rmsprop_equals_keras_over_three_steps():
    """The same gradients through both optimizers give the same weights."""
    rng = np.random.default_rng(0)
    start = [rng.normal(size=(4, 3)).astype(np.float32),
             rng.normal(size=3).astype(np.float32)]
    ours = [tf.Variable(w) for w in start]
    theirs = [keras.Variable(w) for w in start]
    rmsprop = RMSprop(ours)
    keras_rmsprop = keras.optimizers.RMSprop()
    for step in range(3):
        gradients = [tf.constant(rng.normal(size=w.shape), tf.float32)
                     for w in start]
        rmsprop(gradients, ours)
        keras_rmsprop.apply_gradients(zip(gradients, theirs))
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a.numpy(), np.asarray(b), atol=1e-6)
    assert not np.allclose(ours[0].numpy(), start[0])


def test_rmsprop_trains_like_keras():
    """Three steps of a scratch model with our RMSprop equal three steps of
    the Keras model with Keras's RMSprop."""
    model = article_model()
    keras_model = keras_copy(model)  # compiled with Keras's RMSprop
    assert isinstance(keras_model.optimizer, keras.optimizers.RMSprop)
    rmsprop = RMSprop(model.weights)
    for seed in range(3):
        images, labels = dim_batch(seed=seed)
        loss_and_update(model, images, labels, rmsprop)
        keras_model.train_on_batch(images, labels)
    assert_same_weights(model, keras_model, atol=1e-5)


def test_rmsprop_steps_do_not_follow_the_gradient_size():
    """The check can fail: SGD's steps grow with the gradient; RMSprop's
    first step is about lr / sqrt(1 - rho) = 0.0032 for every weight."""
    model, (images, labels) = article_model(), dim_batch()
    start = model.weights[3].numpy().copy()
    one_training_step(model, images, labels)
    sgd_steps = np.abs(model.weights[3].numpy() - start)
    rmsprop = RMSprop(model.weights)
    before = model.weights[3].numpy().copy()
    loss_and_update(model, images, labels, rmsprop)
    rmsprop_steps = np.abs(model.weights[3].numpy() - before)
    np.testing.assert_allclose(rmsprop_steps, 1e-3 / math.sqrt(0.1),
                               rtol=1e-3)
    assert sgd_steps.max() > 2 * sgd_steps.min()
    assert repr(rmsprop) == \
        "RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-07)"


def test_shuffled_keeps_pairs_and_is_seeded():
    images = np.arange(20).reshape(10, 2)
    labels = np.arange(10)
    new_images, new_labels = shuffled(images, labels,
                                      np.random.default_rng(0))
    np.testing.assert_array_equal(new_images[:, 0] // 2, new_labels)
    assert sorted(new_labels) == list(range(10))
    assert list(new_labels) != list(range(10))
    again = shuffled(images, labels, np.random.default_rng(0))[1]
    np.testing.assert_array_equal(again, new_labels)


def test_fit_shuffled_trains_each_epoch_on_a_new_seeded_order():
    """Each epoch is a compiled epoch on the order that shuffled() gives,
    from the order of the epoch before; the same seed, the same run."""
    images, labels = small_data(300)
    runs = [fit_shuffled(small_model(), images, labels, epochs=2, seed=seed,
                         batch_size=64, optimizer=SGD(0.1))
            for seed in [1, 1, 2]]
    assert len(runs[0]) == 2 * 5 and isinstance(runs[0][0], float)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    rng = np.random.default_rng(1)
    train_epoch = make_train_epoch(small_model(), 64, SGD(0.1))
    expected = []
    for _ in range(2):
        images, labels = shuffled(images, labels, rng)
        expected += list(train_epoch(images, labels).numpy())
    np.testing.assert_allclose(runs[0], expected, rtol=1e-6)


def test_fit_shuffled_checks_its_input_and_the_loss():
    images, labels = small_data(300)
    with pytest.raises(ValueError, match="300 images and 299 labels"):
        fit_shuffled(small_model(), images, labels[:299], epochs=1)
    with pytest.raises(ValueError, match="between 0 and 2"):
        fit_shuffled(small_model(), images, labels + 1, epochs=1)
    images[:] = 3e38  # every sample overflows: the first batch fails
    with pytest.raises(ValueError, match="became nan at epoch 0, batch 0"):
        fit_shuffled(small_model(), images, labels, epochs=1)


def bright_batch(n=128, seed=0):
    """Random images bright enough that the untrained article model (all
    weights positive) gives some true classes a probability below 1e-7."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32)
    return images, rng.integers(0, 10, n).astype(np.uint8)


def test_compute_logits_are_what_the_softmax_turns_into_probabilities():
    model, (images, _) = article_model(), dim_batch()
    logits = compute_logits(model, images)
    assert logits.shape == (128, 10)
    np.testing.assert_allclose(tf.nn.softmax(logits).numpy(),
                               model(images).numpy(), atol=1e-6)
    assert np.abs(logits.numpy()).max() > 1  # scores, not probabilities


def test_step_from_logits_equals_keras_where_clipping_differs():
    """Keras (chapter 10's twin) computes its loss from the logits: one
    step from the logits gives its weights; the clipped step does not."""
    model, (images, labels) = article_model(), bright_batch()
    true_class = model(images).numpy()[np.arange(128), labels]
    assert (true_class < 1e-7).sum() > 10  # clipping matters here
    twin = keras_twin(model)
    clipped_model = article_model()
    loss = loss_and_update_from_logits(model, images, labels, SGD(1e-3))
    twin_loss = twin.train_on_batch(images, labels)
    loss_and_update(clipped_model, images, labels, SGD(1e-3))
    np.testing.assert_allclose(float(loss), np.ravel(twin_loss)[0],
                               rtol=1e-5)
    assert_same_weights(model, twin, atol=1e-5)
    with pytest.raises(AssertionError):
        assert_same_weights(clipped_model, twin, atol=1e-5)


def test_compiled_epoch_runs_the_step_from_logits_in_order():
    images, labels = small_data(300)
    model = small_model()
    losses = make_train_epoch(model, 64, SGD(0.1),
                              step=loss_and_update_from_logits)(images, labels)
    assert losses.shape == (5,)
    by_hand = small_model()
    expected = [float(loss_and_update_from_logits(
        by_hand, images[start:start + 64], labels[start:start + 64],
        SGD(0.1))) for start in range(0, 300, 64)]
    np.testing.assert_allclose(losses.numpy(), expected, rtol=1e-5)
    assert_same_weights(model, by_hand, atol=1e-6)
    assert expected[-1] < expected[0]


def test_the_step_decides_the_loss_of_the_compiled_epoch():
    """Where clipping acts, the clipped and the logits step train apart:
    the ``step`` argument is really used."""
    images, labels = small_data(300)
    clipped, from_logits = small_model(), small_model()
    for model in (clipped, from_logits):
        for layer in model.layers:  # large weights: confidently wrong
            layer.W.assign(layer.W * 50)
    make_train_epoch(clipped, 64, SGD(0.1))(images, labels)
    make_train_epoch(from_logits, 64, SGD(0.1),
                     step=loss_and_update_from_logits)(images, labels)
    with pytest.raises(AssertionError):
        assert_same_weights(clipped, from_logits, atol=1e-5)
