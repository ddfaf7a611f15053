"""Tests for NaiveSequential (chapter 4), with Keras as the oracle."""

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet import NaiveDense, NaiveSequential

from helpers import article_model, keras_copy


def test_weights_are_collected_in_order():
    model = article_model()
    assert len(model.weights) == 4
    assert [tuple(w.shape) for w in model.weights] == [
        (784, 512), (512,), (512, 10), (10,)]
    assert model.weights[0] is model.layers[0].W


def test_outputs_are_probabilities():
    outputs = article_model()(tf.random.uniform((6, 784))).numpy()
    assert outputs.shape == (6, 10)
    np.testing.assert_allclose(outputs.sum(axis=1), 1.0, rtol=1e-5)


@settings(max_examples=20, deadline=None)
@given(sizes=st.lists(st.integers(1, 20), min_size=2, max_size=5),
       batch=st.integers(1, 16))
def test_output_shape_of_any_chain(sizes, batch):
    layers = [NaiveDense(a, b, activation=tf.nn.relu)
              for a, b in zip(sizes, sizes[1:])]
    model = NaiveSequential(layers)
    assert model(tf.zeros((batch, sizes[0]))).shape == (batch, sizes[-1])
    assert len(model.weights) == 2 * len(layers)


def test_same_outputs_and_loss_as_keras():
    """Keras is the oracle: with the same weights, the same function. The
    weights get both signs, so that relu zeroes some hidden values."""
    model = article_model()
    model.layers[0].W.assign(tf.random.uniform((784, 512), -0.1, 0.1))
    keras_model = keras_copy(model)
    images = tf.random.uniform((32, 784))
    labels = np.random.default_rng(0).integers(0, 10, 32)
    ours, theirs = model(images), keras_model(images)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    loss = tf.keras.losses.SparseCategoricalCrossentropy()
    np.testing.assert_allclose(loss(labels, ours), loss(labels, theirs),
                               rtol=1e-6)


def test_wrong_input_fails_with_a_clear_error():
    with pytest.raises(ValueError, match=r"\(batch, 784\)"):
        article_model()(tf.zeros((3, 28, 28)))


def test_repr_lists_the_layers():
    assert repr(article_model()) == (
        "NaiveSequential([\n"
        "    NaiveDense(input_size=784, output_size=512, activation=relu),\n"
        "    NaiveDense(input_size=512, output_size=10, activation=softmax),\n"
        "])")
