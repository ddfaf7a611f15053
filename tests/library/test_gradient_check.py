"""Tests for scratchnet.gradient_check (chapter 9), with tf.GradientTape as
the oracle."""

import numpy as np
import pytest
import tensorflow as tf

from scratchnet.gradient_check import (
    backprop_numpy,
    network_loss,
    numerical_gradient,
    relative_error,
    tape_gradients,
)

from helpers import article_model, dim_batch


def small_weights(seed=0):
    """A 5-4-3 network in float64, with weights of both signs."""
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(5, 4)), rng.normal(size=4) * 0.1,
            rng.normal(size=(4, 3)), rng.normal(size=3) * 0.1]


def small_batch(n=8, seed=1):
    rng = np.random.default_rng(seed)
    return rng.random((n, 5)), rng.integers(0, 3, n)


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    gradient = numerical_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(gradient, 3 * x ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # untouched


def test_finite_differences_agree_with_gradient_tape():
    weights = small_weights()
    images, labels = small_batch()
    tape = tape_gradients(weights, images, labels)
    for i in range(4):
        def loss_of(w, i=i):
            changed = list(weights)
            changed[i] = w
            return network_loss(changed, images, labels)
        numeric = numerical_gradient(loss_of, weights[i])
        assert numeric.shape == weights[i].shape
        assert relative_error(numeric, tape[i]) < 1e-7


def test_network_loss_is_the_scratch_models_loss():
    model = article_model()
    images, labels = dim_batch(32)
    expected = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
        labels, model(images)))
    ours = network_loss([w.numpy() for w in model.weights], images, labels)
    np.testing.assert_allclose(float(ours), float(expected), rtol=1e-6)


def test_backprop_numpy_matches_gradient_tape_on_the_article_network():
    model = article_model()
    images, labels = dim_batch()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
            labels, model(images)))
    expected = tape.gradient(loss, model.weights)
    ours = backprop_numpy([w.numpy() for w in model.weights], images, labels)
    for g, e, w in zip(ours, expected, model.weights):
        assert g.shape == tuple(w.shape)
        assert relative_error(g, e) < 1e-5


def test_backprop_numpy_matches_finite_differences_in_float64():
    weights = small_weights(3)
    images, labels = small_batch(seed=4)
    ours = backprop_numpy(weights, images, labels)
    numeric = numerical_gradient(
        lambda w: network_loss([w] + weights[1:], images, labels), weights[0])
    assert relative_error(ours[0], numeric) < 1e-7


def test_the_check_catches_a_wrong_gradient():
    """Gradients for other labels are far apart: the check can fail."""
    weights = small_weights()
    images, labels = small_batch()
    right = tape_gradients(weights, images, labels)
    wrong = backprop_numpy(weights, images, (labels + 1) % 3)
    assert all(relative_error(r, w) > 1e-2 for r, w in zip(right, wrong))


def test_saturated_softmax_follows_the_logits():
    """Where the true class gets a probability below 1e-7, the clipped loss
    has no gradient left for it; backprop_numpy gives the exact gradient,
    which is what a loss computed from the logits gives."""
    weights = [np.eye(2, dtype=np.float32), np.zeros(2, np.float32),
               np.array([[30.0, 0.0], [0.0, 0.0]], np.float32),
               np.zeros(2, np.float32)]
    images = np.array([[1.0, 0.0]], np.float32)
    labels = np.array([1])  # the model is sure it is class 0
    ours = backprop_numpy(weights, images, labels)
    clipped = tape_gradients(weights, images, labels)
    variables = [tf.Variable(w) for w in weights]
    with tf.GradientTape() as tape:
        logits = tf.matmul(tf.nn.relu(tf.matmul(images, variables[0])
                                      + variables[1]),
                           variables[2]) + variables[3]
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
    exact = tape.gradient(loss, variables)
    assert relative_error(ours[2], exact[2]) < 1e-6
    assert np.abs(clipped[2]).max() < 1e-5 < np.abs(ours[2]).max()


def test_backprop_numpy_survives_logits_in_the_thousands():
    """Chapter 9, exercise 4: subtracting the largest logit keeps exp from
    overflowing. Logits (1000, 0) for the label 1 give p = (1, 0), so
    dz2 = p - onehot = (1, -1) and dW2 = a1.T @ dz2 with a1 = (1, 0)."""
    weights = [np.eye(2), np.zeros(2),
               np.array([[1000.0, 0.0], [0.0, 0.0]]), np.zeros(2)]
    images = np.array([[1.0, 0.0]])
    gradients = backprop_numpy(weights, images, np.array([1]))
    assert all(np.all(np.isfinite(g)) for g in gradients)
    np.testing.assert_allclose(gradients[2], [[1.0, -1.0], [0.0, 0.0]])
    np.testing.assert_allclose(gradients[3], [1.0, -1.0])


def test_relative_error():
    a = np.array([1.0, -2.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, a + [0.0, 0.4, 0.0]) == pytest.approx(0.1)
    assert relative_error(a, -a) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="shapes"):
        relative_error(np.zeros(3), np.zeros((3, 1)))


def test_backprop_numpy_refuses_bad_labels():
    weights = small_weights()
    images, labels = small_batch()
    with pytest.raises(ValueError, match="between 0 and 2"):
        backprop_numpy(weights, images, labels + 3)
    with pytest.raises(ValueError, match="same length"):
        backprop_numpy(weights, images, labels[:-1])
