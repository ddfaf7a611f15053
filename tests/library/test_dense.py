"""Tests for NaiveDense (chapter 3)."""

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet import NaiveDense


def test_shapes_and_initial_values():
    layer = NaiveDense(input_size=784, output_size=512, activation=tf.nn.relu)
    assert layer.W.shape == (784, 512) and layer.b.shape == (512,)
    w = layer.W.numpy()
    assert w.min() >= 0 and w.max() < 0.1
    assert np.all(layer.b.numpy() == 0)
    assert layer.weights[0] is layer.W and layer.weights[1] is layer.b


def test_forward_matches_the_formula():
    layer = NaiveDense(3, 2, activation=tf.nn.relu)
    layer.W.assign([[1.0, -1.0], [2.0, 0.0], [0.0, 3.0]])
    layer.b.assign([0.5, -10.0])
    inputs = np.array([[1.0, 1.0, 1.0], [0.0, 2.0, -1.0]], np.float32)
    expected = np.maximum(inputs @ layer.W.numpy() + layer.b.numpy(), 0)
    np.testing.assert_allclose(layer(inputs).numpy(), expected)


def test_matches_a_keras_dense_layer_with_the_same_weights():
    keras_layer = tf.keras.layers.Dense(7, activation="softmax")
    keras_layer.build((None, 5))
    layer = NaiveDense(5, 7, activation=tf.nn.softmax)
    layer.W.assign(keras_layer.kernel)
    layer.b.assign(tf.random.normal((7,)))
    keras_layer.bias.assign(layer.b)
    inputs = tf.random.uniform((4, 5))
    np.testing.assert_allclose(layer(inputs), keras_layer(inputs), atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(batch=st.integers(1, 40), input_size=st.integers(1, 30),
       output_size=st.integers(1, 30))
def test_output_shape(batch, input_size, output_size):
    layer = NaiveDense(input_size, output_size, activation=tf.nn.relu)
    outputs = layer(tf.zeros((batch, input_size)))
    assert outputs.shape == (batch, output_size)


def test_wrong_input_width_names_the_problem_and_the_fix():
    layer = NaiveDense(784, 512, activation=tf.nn.relu)
    with pytest.raises(ValueError, match=r"\(batch, 784\).*\(2, 28, 28\)"):
        layer(np.zeros((2, 28, 28), np.float32))
    with pytest.raises(ValueError, match="prepare_images"):
        layer(np.zeros((2, 28, 28), np.float32))
    with pytest.raises(ValueError, match="512 values per sample instead of "
                                         "784.*previous layer's output_size"):
        layer(np.zeros((2, 512), np.float32))


@pytest.mark.parametrize("activation", ["relu", None, 3])
def test_activation_must_be_callable(activation):
    with pytest.raises(TypeError, match="activation must be a function"):
        NaiveDense(4, 2, activation=activation)


@pytest.mark.parametrize("sizes, error", [
    ((0, 3), ValueError), ((3, -1), ValueError), ((2.5, 3), TypeError),
    ((True, 3), TypeError),
])
def test_sizes_must_be_positive_whole_numbers(sizes, error):
    with pytest.raises(error, match="size"):
        NaiveDense(*sizes, activation=tf.nn.relu)


def test_repr_tells_what_it_holds():
    layer = NaiveDense(784, 512, activation=tf.nn.relu)
    assert repr(layer) == ("NaiveDense(input_size=784, output_size=512, "
                           "activation=relu)")


def two_layers_and_their_merge(activation):
    """Chapter 3's "Why relu matters": two layers with weights and biases of
    both signs, and the one layer with W = W1 W2 and b = b1 W2 + b2."""
    tf.keras.utils.set_random_seed(3)
    first = NaiveDense(6, 5, activation=activation)
    second = NaiveDense(5, 4, activation=tf.identity)
    first.W.assign(first.W - 0.05)
    first.b.assign(tf.random.normal((5,)))
    second.b.assign(tf.random.normal((4,)))
    W1, b1 = first.W.numpy(), first.b.numpy()
    W2, b2 = second.W.numpy(), second.b.numpy()
    merged = NaiveDense(6, 4, activation=tf.identity)
    merged.W.assign(W1 @ W2)
    merged.b.assign(b1 @ W2 + b2)
    inputs = tf.random.normal((7, 6))
    return second(first(inputs)).numpy(), merged(inputs).numpy()


def test_two_layers_without_activation_are_one_layer():
    two_layers, one_layer = two_layers_and_their_merge(tf.identity)
    np.testing.assert_allclose(two_layers, one_layer, atol=1e-5)


def test_relu_between_two_layers_breaks_the_merge():
    two_layers, one_layer = two_layers_and_their_merge(tf.nn.relu)
    assert np.abs(two_layers - one_layer).max() > 1e-2
