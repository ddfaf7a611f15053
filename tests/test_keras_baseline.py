"""Tests for the article's Keras model (chapter 1)."""

import numpy as np
import tensorflow as tf

from scratchnet import build_keras_model


def test_architecture_and_compilation():
    model = build_keras_model()
    model.build((None, 784))
    assert [layer.units for layer in model.layers] == [512, 10]
    assert [layer.activation.__name__ for layer in model.layers] == [
        "relu", "softmax"]
    assert model.count_params() == 784 * 512 + 512 + 512 * 10 + 10
    assert isinstance(model.optimizer, tf.keras.optimizers.RMSprop)
    assert model.loss == "sparse_categorical_crossentropy"


def test_it_trains_on_a_tiny_problem():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 256)
    images = np.eye(10, 784, dtype=np.float32)[labels]
    model = build_keras_model()
    history = model.fit(images, labels, epochs=5, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.9
