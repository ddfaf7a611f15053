"""A sequential model from scratch, and the article's network built with it.

Explained in chapter 4, *A sequential model*
(``book/04_sequential_model.ipynb``).
"""

import tensorflow as tf

from scratchnet.dense import NaiveDense


class NaiveSequential:
    """A chain of layers: the output of each is the input of the next.

    Explained in chapter 4, *A sequential model*.
    """

    def __init__(self, layers):
        self.layers = layers

    def __call__(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def weights(self):
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return weights

    def __repr__(self):
        lines = [f"    {layer!r}," for layer in self.layers]
        return "NaiveSequential([\n" + "\n".join(lines) + "\n])"


def build_scratch_model():
    """The original article's 784-512-10 network, untrained: a relu layer of
    512 units, then a softmax layer of 10.

    Its starting weights come from TensorFlow's random state: call
    ``tf.keras.utils.set_random_seed`` first for repeatable weights.
    Explained in chapter 4, *A sequential model*.
    """
    return NaiveSequential([
        NaiveDense(input_size=28 * 28, output_size=512, activation=tf.nn.relu),
        NaiveDense(input_size=512, output_size=10, activation=tf.nn.softmax),
    ])
