"""Measuring training speed: operation counts, this machine's matmul peak,
the floor set by the model's own matrix products, and one-epoch trainers
for the ways of training that chapter 11 compares.

Explained in chapter 11, *Speed* (``book/11_speed.ipynb``); the benchmark
``benchmarks/speed.py`` runs the same comparison with more repeats.

Each ``*_trainer(model, batch_size)`` returns a function
``train_one_epoch(images, labels)`` that trains ``model`` for one epoch in
its own way, all with plain SGD at 1e-3 and the batches in order, except
``products_trainer``: it runs only the five matrix products of each step,
the floor that no way of training can beat.
"""

import time

import tensorflow as tf

from scratchnet.batching import BatchGenerator
from scratchnet.fast_training import (
    SGD,
    loss_and_update,
    make_lean_train_epoch,
    make_train_epoch,
    make_train_step,
)
from scratchnet.keras_bridge import copy_weights_from_keras, keras_twin
from scratchnet.support.input_checks import check_batch_size
from scratchnet.training_loop import fit


def flops_per_epoch(layer_sizes=(784, 512, 10), num_samples=60000):
    """How many floating-point operations the matrix products of one epoch
    of training really do.

    Each weight costs 2 operations (a multiply and an add) per sample in
    the forward product and 2 in the product for its gradient. Each layer
    but the first also costs 2 per weight for the gradient it passes down;
    the first layer's input is the images, which need no gradient. Biases,
    activations, the loss and the update are small next to this.
    For 784-512-10 and 60000 samples: about 98e9.
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


def make_products_epoch(model, batch_size=128, with_updates=False):
    """A ``tf.function`` that runs, for every batch of an epoch, only the
    five matrix products of a training step of a two-layer ``model``, at
    the model's own shapes, and nothing else: ``products_epoch(images)``.
    Its time is the floor for training ``model`` at this batch size.

    ``with_updates=True`` also subtracts each weight product from its weight
    as an SGD update does, with a step of 0: the memory traffic of the
    updates, with the weights left as they are. Its time is the floor of any
    training that updates every weight at every step.
    Explained in chapter 11, *Speed*.
    """
    check_batch_size(batch_size)
    W1, W2 = model.weights[0], model.weights[2]

    @tf.function(input_signature=[
        tf.TensorSpec([None, W1.shape[0]], tf.float32)])
    def products_epoch(images):
        num_batches = (tf.shape(images)[0] + batch_size - 1) // batch_size
        total = tf.zeros(())
        for batch in tf.range(num_batches):
            start = batch * batch_size
            x = images[start:start + batch_size]
            hidden = tf.matmul(x, W1)  # forward, layer 1
            output = tf.matmul(hidden, W2)  # forward, layer 2
            dW2 = tf.matmul(hidden, output, transpose_a=True)
            d_hidden = tf.matmul(output, W2, transpose_b=True)
            dW1 = tf.matmul(x, d_hidden, transpose_a=True)
            if with_updates:  # read w and dw, write w; a step of 0
                for w, dw in [(W1, dW1), (W2, dW2)]:
                    tf.raw_ops.ResourceApplyGradientDescent(
                        var=w.handle, alpha=0.0, delta=dw)
            total += dW1[0, 0] + dW2[0, 0]  # use every result
        return total

    return products_epoch


def products_trainer(model, batch_size=128, with_updates=False):
    """The floor as a "trainer" for ``seconds_per_epoch``: it runs the five
    products of every step (``make_products_epoch``) and changes no weight;
    ``with_updates=True`` adds the traffic of the weight updates.

    Used in chapter 11, *Speed*.
    """
    products_epoch = make_products_epoch(model, batch_size, with_updates)

    def train_one_epoch(images, labels):
        return float(products_epoch(images))
    return train_one_epoch


def lean_trainer(model, batch_size=128):
    """Way (e): the lean compiled epoch (``make_lean_train_epoch``). Give
    it the images and labels as tensors, made once.

    Used in chapter 11, *Speed*.
    """
    train_epoch = make_lean_train_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        return train_epoch(images, labels).numpy()
    return train_one_epoch


def xla_step_trainer(model, batch_size=128):
    """A variant tried for chapter 11: the loop over batches in a graph,
    each step compiled by XLA (``jit_compile=True``). No chapter uses it:
    close to the lean epoch, sometimes faster and sometimes slower, and far
    from the floor; ``benchmarks/speed.py`` runs it.
    """
    check_batch_size(batch_size)
    optimizer = SGD()

    @tf.function(jit_compile=True)
    def xla_step(images_batch, labels_batch):
        return loss_and_update(model, images_batch, labels_batch, optimizer)

    @tf.function(input_signature=[
        tf.TensorSpec([None, model.weights[0].shape[0]], tf.float32),
        tf.TensorSpec([None], tf.int64)])
    def epoch_graph(images, labels):
        num_batches = (tf.shape(images)[0] + batch_size - 1) // batch_size
        loss = tf.zeros(())
        for batch in tf.range(num_batches):
            start = batch * batch_size
            loss = xla_step(images[start:start + batch_size],
                            labels[start:start + batch_size])
        return loss

    def train_one_epoch(images, labels):
        return float(epoch_graph(images, labels))
    return train_one_epoch
