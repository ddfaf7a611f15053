"""Models and data shared by the tests (imported as `from helpers import ...`;
pytest puts this folder on sys.path)."""

import numpy as np
import tensorflow as tf

from scratchnet import NaiveDense, NaiveSequential


def dense_model(sizes, seed=0):
    """A relu layer then a softmax layer, ``sizes = (inputs, hidden,
    outputs)``, created right after seeding with ``seed`` (pass None to keep
    the current random state)."""
    if seed is not None:
        tf.keras.utils.set_random_seed(seed)
    inputs, hidden, outputs = sizes
    return NaiveSequential([
        NaiveDense(input_size=inputs, output_size=hidden,
                   activation=tf.nn.relu),
        NaiveDense(input_size=hidden, output_size=outputs,
                   activation=tf.nn.softmax),
    ])


def article_model(seed=0):
    """The article's 784-512-10 network."""
    return dense_model((784, 512, 10), seed)


def small_model(seed=0):
    """A 20-16-3 network for quick training tests."""
    return dense_model((20, 16, 3), seed)


def small_data(n=300):
    """Three easy classes: the label is written into the input."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, n).astype(np.uint8)
    images = rng.random((n, 20), dtype=np.float32) * 0.2
    images[np.arange(n), labels] += 1.0
    return images, labels


def dim_batch(n=128, seed=0):
    """Random images, dim enough that the untrained softmax does not
    saturate (as with real MNIST digits, most pixels are dark)."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32) * 0.1
    return images, rng.integers(0, 10, n).astype(np.uint8)
