"""Measuring training speed: operation counts, this machine's matmul peak,
and one-epoch trainers for the four ways of training that chapter 11
compares.

Explained in chapter 11, *Speed* (``book/11_speed.ipynb``); the benchmark
``benchmarks/speed.py`` runs the same comparison with more repeats.

Each ``*_trainer(model, batch_size)`` returns a function
``train_one_epoch(images, labels)`` that trains ``model`` for one epoch in
its own way, all with plain SGD at 1e-3 and the batches in order.
"""

import time

import tensorflow as tf

from scratchnet.batching import BatchGenerator
from scratchnet.fast_training import make_train_epoch, make_train_step
from scratchnet.keras_bridge import copy_weights_from_keras, keras_twin
from scratchnet.training_loop import fit


def flops_per_epoch(layer_sizes=(784, 512, 10), num_samples=60000):
    """About how many floating-point operations one epoch of training costs.

    Each weight costs 2 operations per sample in the forward pass (a multiply
    and an add) and 4 in the backward pass (its gradient, and the gradient
    of the layer's input): 6 per weight per sample. Biases, activations and
    the loss are negligible. For 784-512-10 and 60000 samples: about 146e9.
    Explained in chapter 11, *Speed*.
    """
    num_weights = sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))
    return 6 * num_samples * num_weights


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


def eager_trainer(model, batch_size=128):
    """Way (a): chapter 7's ``fit``, every operation run from Python.

    Used in chapter 11, *Speed*.
    """
    def train_one_epoch(images, labels):
        fit(model, images, labels, epochs=1, batch_size=batch_size,
            verbose=False)
    return train_one_epoch


def step_trainer(model, batch_size=128):
    """Way (b): a Python loop over batches, calling a compiled step.

    Used in chapter 11, *Speed*.
    """
    train_step = make_train_step(model)

    def train_one_epoch(images, labels):
        for images_batch, labels_batch in BatchGenerator(images, labels,
                                                         batch_size):
            loss = train_step(images_batch, labels_batch)
        return float(loss)
    return train_one_epoch


def compiled_trainer(model, batch_size=128):
    """Way (c): one compiled function runs the whole epoch.

    Used in chapter 11, *Speed*.
    """
    train_epoch = make_train_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        return train_epoch(images, labels).numpy()
    return train_one_epoch


def keras_trainer(model, batch_size=128):
    """Way (d): Keras's ``fit`` with the same weights and plain SGD at 1e-3
    (``keras_twin``, chapter 10), no shuffling, no progress bar. The
    trained weights are copied back into ``model``.

    Used in chapter 11, *Speed*.
    """
    keras_model = keras_twin(model)

    def train_one_epoch(images, labels):
        keras_model.fit(images, labels, batch_size=batch_size, epochs=1,
                        shuffle=False, verbose=0)
        copy_weights_from_keras(keras_model, model)
    return train_one_epoch


def seconds_per_epoch(make_trainer, model, images, labels, batch_size=128,
                      epochs=1):
    """Time one way of training: the best of ``epochs`` timed epochs.

    ``make_trainer(model, batch_size)`` returns a function that trains
    ``model`` for one epoch. It first runs on one full and one partial batch,
    so that compiling (tracing) is done before the clock starts.
    Explained in chapter 11, *Speed*.
    """
    train_one_epoch = make_trainer(model, batch_size)
    warm_up = batch_size + len(images) % batch_size
    train_one_epoch(images[:warm_up], labels[:warm_up])
    best = float("inf")
    for _ in range(epochs):
        start = time.perf_counter()
        train_one_epoch(images, labels)
        best = min(best, time.perf_counter() - start)
    return best
