"""Tests for the article's Keras model (chapter 1)."""

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
