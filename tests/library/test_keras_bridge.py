"""Tests for scratchnet.keras_bridge (chapter 10), with Keras as the oracle."""

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

from scratchnet import NaiveDense, NaiveSequential, build_keras_model
from scratchnet.keras_bridge import (
    copy_weights_from_keras,
    copy_weights_to_keras,
    keras_twin,
)

from helpers import article_model, dim_batch


def test_copy_to_keras_gives_the_same_function():
    model = article_model()
    keras_model = build_keras_model()  # not built yet: the copy builds it
    copy_weights_to_keras(model, keras_model)
    for ours, theirs in zip(model.weights, keras_model.weights):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    images, _ = dim_batch(16)
    np.testing.assert_allclose(model(images), keras_model(images), atol=1e-6)


def test_copy_from_keras():
    keras_model = build_keras_model()
    keras_model.build((None, 784))
    model = article_model()
    copy_weights_from_keras(keras_model, model)
    for ours, theirs in zip(model.weights, keras_model.weights):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    # Keras starts with Glorot uniform weights of both signs.
    assert model.weights[0].numpy().min() < 0


def test_copy_refuses_a_different_architecture():
    small = NaiveSequential([NaiveDense(784, 32, tf.nn.relu),
                             NaiveDense(32, 10, tf.nn.softmax)])
    with pytest.raises(ValueError, match="same weights"):
        copy_weights_to_keras(small, build_keras_model())
    keras_model = build_keras_model()
    keras_model.build((None, 784))
    with pytest.raises(ValueError, match="same layers"):
        copy_weights_from_keras(keras_model, small)


def test_keras_twin_uses_plain_sgd_and_the_same_weights():
    model = article_model()
    twin = keras_twin(model, learning_rate=0.01)
    assert isinstance(twin.optimizer, keras.optimizers.SGD)
    assert float(twin.optimizer.learning_rate) == pytest.approx(0.01)
    assert twin.loss == "sparse_categorical_crossentropy"
    for ours, theirs in zip(model.weights, twin.weights):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def clipped_and_keras_losses():
    """Chapter 10: the same probabilities, two losses. Images labelled with
    their least likely class, so that their true class is far below 1e-7;
    the loss of the scratch model's output, of the Keras model's output,
    and of the logits."""
    model = article_model()
    keras_model = build_keras_model()
    copy_weights_to_keras(model, keras_model)
    images = np.random.default_rng(0).random((16, 784), dtype=np.float32)
    scratch_output, keras_output = model(images), keras_model(images)
    labels = np.argmin(scratch_output.numpy(), axis=1)
    logits = (tf.matmul(model.layers[0](images), model.layers[1].W)
              + model.layers[1].b)
    loss = tf.keras.losses.sparse_categorical_crossentropy
    return (scratch_output, keras_output, loss(labels, scratch_output),
            loss(labels, keras_output), loss(labels, logits, from_logits=True))


def test_keras_output_carries_the_logits_its_loss_uses():
    scratch_output, keras_output, clipped, keras_loss, exact = (
        clipped_and_keras_losses())
    np.testing.assert_allclose(scratch_output, keras_output, atol=1e-6)
    assert not hasattr(scratch_output, "_keras_logits")
    assert hasattr(keras_output, "_keras_logits")
    assert np.max(clipped) < 16.2 < np.min(exact)
    np.testing.assert_allclose(keras_loss, exact, rtol=1e-5)
