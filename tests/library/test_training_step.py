"""Tests for update_weights and one_training_step (chapter 6), with
tf.GradientTape and keras.optimizers.SGD as the oracles."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet import one_training_step, update_weights

from helpers import article_model, assert_same_weights, keras_copy
from helpers import dim_batch as batch


def test_update_weights_is_w_minus_learning_rate_times_g():
    w = tf.Variable([1.0, 2.0, 3.0])
    update_weights([tf.constant([10.0, 0.0, -10.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.99, 2.0, 3.01], rtol=1e-6)
    update_weights([tf.constant([1.0, 1.0, 1.0])], [w], learning_rate=0.5)
    np.testing.assert_allclose(w.numpy(), [0.49, 1.5, 2.51], rtol=1e-6)


def test_returns_the_average_loss_before_the_update():
    model = article_model()
    images, labels = batch()
    expected = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
        labels, model(images)))
    loss = one_training_step(model, images, labels)
    np.testing.assert_allclose(float(loss), float(expected), rtol=1e-6)


def test_same_step_as_keras_sgd():
    """One scratch step equals one plain-SGD step of Keras on a Keras model
    with the same weights, within 1e-6."""
    model = article_model()
    keras_model = keras_copy(model)
    images, labels = batch()

    optimizer = tf.keras.optimizers.SGD(learning_rate=1e-3)
    with tf.GradientTape() as tape:
        keras_loss = tf.reduce_mean(
            tf.keras.losses.sparse_categorical_crossentropy(
                labels, keras_model(images)))
    grads = tape.gradient(keras_loss, keras_model.trainable_weights)
    optimizer.apply_gradients(zip(grads, keras_model.trainable_weights))

    loss = one_training_step(model, images, labels)
    np.testing.assert_allclose(float(loss), float(keras_loss), atol=1e-6)
    assert_same_weights(model, keras_model, atol=1e-6)


def test_the_step_changes_every_weight_and_lowers_the_loss():
    model = article_model()
    images, labels = batch()
    before = [w.numpy().copy() for w in model.weights]
    losses = [float(one_training_step(model, images, labels, 0.01))
              for _ in range(5)]
    for old, w in zip(before, model.weights):
        assert not np.allclose(old, w.numpy())
    assert losses[-1] < losses[0]


def test_learning_rate_scales_the_step():
    images, labels = batch()
    changes = []
    for learning_rate in [1e-3, 2e-3]:
        tf.keras.utils.set_random_seed(1)
        model = article_model()
        start = model.weights[2].numpy().copy()
        one_training_step(model, images, labels, learning_rate)
        changes.append(model.weights[2].numpy() - start)
    np.testing.assert_allclose(changes[1], 2 * changes[0], rtol=1e-3,
                               atol=1e-8)


@pytest.mark.parametrize("bad_label", [10, -1, 255])
def test_labels_outside_the_classes(bad_label):
    images, labels = batch(8)
    labels = labels.astype(np.int64)
    labels[3] = bad_label
    with pytest.raises(ValueError, match="between 0 and 9"):
        one_training_step(article_model(), images, labels)


def test_one_hot_labels_are_refused_with_a_hint():
    images, _ = batch(4)
    with pytest.raises(TypeError, match="argmax"):
        one_training_step(article_model(), images, np.eye(10)[:4])
