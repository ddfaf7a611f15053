"""The original article's Keras model, the baseline the book rebuilds.

Explained in chapter 1, *Keras in ten lines*
(``book/01_keras_in_ten_lines.ipynb``).
"""

from tensorflow import keras
from tensorflow.keras import layers


def build_keras_model():
    """The article's 784-512-10 network, compiled with RMSprop.

    Explained in chapter 1, *Keras in ten lines*.
    """
    model = keras.Sequential([
        layers.Dense(512, activation="relu"),
        layers.Dense(10, activation="softmax")
    ])
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
