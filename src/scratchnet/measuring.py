"""Measuring training speed: the work of one epoch, this machine's speed at
matrix products, and a fair clock around one epoch of each way of training.

Explained in chapter 11, *Speed* (``book/11_speed.ipynb``), which shows
all of this code. The benchmark ``benchmarks/speed.py`` runs the same
comparison with more repeats and more variants.

Each ``*_trainer(model, batch_size=128)`` returns a function
``train_one_epoch(images, labels)``: it trains ``model`` for one epoch, in
its own way, with plain SGD at 1e-3 and the batches in order, and returns
nothing. ``seconds_per_epoch`` times it.
"""

import time

import tensorflow as tf
from tensorflow import keras

from scratchnet.batching import BatchGenerator
from scratchnet.fast_training import make_train_epoch, make_train_step
from scratchnet.keras_baseline import build_keras_model
from scratchnet.keras_bridge import (
    copy_weights_from_keras,
    copy_weights_to_keras,
)
from scratchnet.training_loop import fit


def flops_per_epoch(layer_sizes=(784, 512, 10), num_samples=60000):
    """How many floating-point operations the matrix products of one epoch
    of training really do.

    Each weight costs 2 operations (a multiply and an add) per sample in
    the forward product and 2 in the product for its gradient. Each layer
    but the first also costs 2 per weight for the gradient it passes down;
    the first layer's input is the images, which need no gradient. Biases,
    activations, the loss and the update are small next to this.
    For 784-512-10 and 60000 samples: about 98.2e9.
    Explained in chapter 11, *Speed*.
    """
    weights_per_layer = [a * b for a, b in zip(layer_sizes, layer_sizes[1:])]
    forward = 2 * sum(weights_per_layer)
    weight_gradients = 2 * sum(weights_per_layer)
    passed_down = 2 * sum(weights_per_layer[1:])  # none for the images
    return num_samples * (forward + weight_gradients + passed_down)


def matmul_gflops(size=2048, repeats=10):
    """This machine's float32 matrix-multiply speed in GFLOP/s: the best of
    ``repeats`` products of two ``size x size`` matrices (``2 * size**3``
    operations each). It is the practical peak for training this network.
    Explained in chapter 11, *Speed*.
    """
    a = tf.random.uniform((size, size))
    b = tf.random.uniform((size, size))
    tf.matmul(a, b)  # the first call sets things up: do not time it
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        tf.matmul(a, b)
        best = min(best, time.perf_counter() - start)
    return 2 * size ** 3 / best / 1e9


def seconds_per_epoch(train_one_epoch, images, labels, batch_size=128,
                      repeats=1):
    """Time one way of training: the best of ``repeats`` timed epochs of
    ``train_one_epoch(images, labels)``, in seconds.

    It first trains on one full batch and the last, smaller batch, off the
    clock, so that set-up and tracing are done before the clock starts.
    Explained in chapter 11, *Speed*.
    """
    warm_up = batch_size + len(images) % batch_size
    train_one_epoch(images[:warm_up], labels[:warm_up])
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        train_one_epoch(images, labels)
        best = min(best, time.perf_counter() - start)
    return best


def eager_trainer(model, batch_size=128):
    """Way (a): chapter 7's ``fit`` for one epoch, every operation run
    eagerly from Python.

    Explained in chapter 11, *Speed*.
    """
    def train_one_epoch(images, labels):
        fit(model, images, labels, epochs=1, batch_size=batch_size,
            verbose=False)
    return train_one_epoch


def step_trainer(model, batch_size=128):
    """Way (b): a Python loop over the batches, calling a compiled step.

    Explained in chapter 11, *Speed*.
    """
    train_step = make_train_step(model)

    def train_one_epoch(images, labels):
        for images_batch, labels_batch in BatchGenerator(images, labels,
                                                         batch_size):
            train_step(images_batch, labels_batch)
    return train_one_epoch


def compiled_trainer(model, batch_size=128):
    """Way (c): one compiled function runs the whole epoch.

    Explained in chapter 11, *Speed*.
    """
    train_epoch = make_train_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        train_epoch(images, labels)
    return train_one_epoch


def keras_trainer(model, batch_size=128, steps_per_execution=1):
    """Way (d): Keras's ``fit`` on the article's Keras model (chapter 1)
    with the weights of ``model``, plain SGD at 1e-3, no shuffling and no
    progress bar. Each call of Keras's compiled function runs
    ``steps_per_execution`` steps. The trained weights are copied back
    into ``model``.

    Explained in chapter 11, *Speed*.
    """
    keras_model = build_keras_model()
    copy_weights_to_keras(model, keras_model)
    keras_model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-3),
                        loss="sparse_categorical_crossentropy",
                        metrics=["accuracy"],
                        steps_per_execution=steps_per_execution)

    def train_one_epoch(images, labels):
        keras_model.fit(images, labels, batch_size=batch_size, epochs=1,
                        shuffle=False, verbose=0)
        copy_weights_from_keras(keras_model, model)
    return train_one_epoch
