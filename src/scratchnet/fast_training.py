"""Fast training: the same training step, compiled by ``tf.function``.

Explained in chapter 11, *Speed* (``book/11_speed.ipynb``).

``fit`` (chapter 7) runs every operation from Python, one at a time. Here
the same step is traced once into a TensorFlow graph: first one step per
call (``make_train_step``), then a whole epoch per call, with the loop over
batches inside the graph (``make_train_epoch``).

One trap, avoided here: inside a graph, Keras's cross-entropy notices that
its input comes from a softmax and uses the logits before it, as
``model.fit`` does (chapter 10), while the eager step works from clipped
probabilities. The two differ where the true class gets a probability
below 1e-7. ``tf.identity`` hides the softmax, so that the compiled step
computes exactly what the eager step computes.
"""

import time

import numpy as np
import tensorflow as tf

from scratchnet.batching import BatchGenerator
from scratchnet.checks import (check_batch_size, check_finite_loss,
                               check_labels, check_same_length)
from scratchnet.improvements import shuffled
from scratchnet.keras_bridge import copy_weights_from_keras, keras_twin
from scratchnet.training_loop import fit
from scratchnet.training_step import update_weights


class SGD:
    """Plain SGD as an object: ``SGD(1e-3)(gradients, weights)`` does what
    ``update_weights(gradients, weights, 1e-3)`` does.

    Explained in chapter 11, *Speed*.
    """

    def __init__(self, learning_rate=1e-3):
        self.learning_rate = learning_rate

    def __call__(self, gradients, weights):
        update_weights(gradients, weights, self.learning_rate)

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate})"


def loss_and_update(model, images_batch, labels_batch, optimizer):
    """One training step: the body of ``one_training_step`` (chapter 6),
    without the label check, which needs NumPy and cannot run in a graph.
    Returns the batch's average loss.

    ``tf.identity`` keeps Keras's loss from using the logits in a graph,
    so that compiled and eager steps compute the same loss.
    Explained in chapter 11, *Speed*.
    """
    with tf.GradientTape() as tape:
        predictions = tf.identity(model(images_batch))
        per_sample_losses = tf.keras.losses.sparse_categorical_crossentropy(
            labels_batch, predictions)
        average_loss = tf.reduce_mean(per_sample_losses)
    gradients = tape.gradient(average_loss, model.weights)
    optimizer(gradients, model.weights)
    return average_loss


def make_train_step(model, learning_rate=1e-3, optimizer=None):
    """A ``tf.function`` that trains ``model`` on one batch and returns the
    batch's average loss: ``train_step(images_batch, labels_batch)``.

    The optimizer defaults to ``SGD(learning_rate)``.
    Explained in chapter 11, *Speed*.
    """
    optimizer = optimizer or SGD(learning_rate)

    @tf.function
    def train_step(images_batch, labels_batch):
        return loss_and_update(model, images_batch, labels_batch, optimizer)

    return train_step


def make_train_epoch(model, batch_size=128, learning_rate=1e-3,
                     optimizer=None):
    """A ``tf.function`` that trains ``model`` for one epoch, the loop over
    batches included: ``train_epoch(images, labels)`` returns the loss of
    every batch as a tensor.

    Batches are served in order, as ``BatchGenerator`` serves them. One graph
    serves any number of samples: call it on a few samples first to trace it.
    The optimizer defaults to ``SGD(learning_rate)``.
    Explained in chapter 11, *Speed*.
    """
    check_batch_size(batch_size)
    optimizer = optimizer or SGD(learning_rate)
    input_size = model.weights[0].shape[0]

    @tf.function(input_signature=[
        tf.TensorSpec([None, input_size], tf.float32),
        tf.TensorSpec([None], tf.int64)])
    def compiled_epoch(images, labels):
        num_samples = tf.shape(images)[0]
        num_batches = (num_samples + batch_size - 1) // batch_size
        losses = tf.TensorArray(tf.float32, size=num_batches)
        for batch in tf.range(num_batches):
            start = batch * batch_size
            loss = loss_and_update(model, images[start:start + batch_size],
                                   labels[start:start + batch_size],
                                   optimizer)
            losses = losses.write(batch, loss)
        return losses.stack()

    def train_epoch(images, labels):
        return compiled_epoch(tf.convert_to_tensor(images, tf.float32),
                              tf.cast(labels, tf.int64))

    return train_epoch


def fit_compiled(model, images, labels, epochs, batch_size=128,
                 learning_rate=1e-3, optimizer=None, shuffle_seed=None,
                 verbose=True):
    """Train ``model`` like ``fit`` (chapter 7), one compiled epoch at a time.

    Returns the loss of every batch as a list of floats, and prints each
    epoch's mean loss unless ``verbose=False``. With ``shuffle_seed``, the
    samples are shuffled before each epoch (chapter 12). Stops with a clear
    error if a loss becomes NaN or infinite.
    Explained in chapter 11, *Speed*.
    """
    check_same_length(images, labels)
    check_labels(labels, num_classes=model.weights[-1].shape[0])
    train_epoch = make_train_epoch(model, batch_size, learning_rate,
                                   optimizer)
    rng = None if shuffle_seed is None else np.random.default_rng(
        shuffle_seed)
    if rng is None:  # the same order every epoch: convert the data once
        images = tf.convert_to_tensor(images, tf.float32)
        labels = tf.cast(labels, tf.int64)
    losses = []
    for epoch_counter in range(epochs):
        if rng is not None:
            images, labels = shuffled(images, labels, rng)
        epoch_losses = train_epoch(images, labels).numpy()
        for batch_counter, loss in enumerate(epoch_losses):
            check_finite_loss(loss, epoch_counter, batch_counter)
        losses += [float(loss) for loss in epoch_losses]
        if verbose:
            print(f"Epoch {epoch_counter}: mean loss "
                  f"{epoch_losses.mean():.2f}")
    return losses


# ------------------------------------------------------------ measuring


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


def eager_epoch(model, batch_size=128):
    """Variant (a): chapter 7's ``fit``, every operation run from Python."""
    def train_one_epoch(images, labels):
        fit(model, images, labels, epochs=1, batch_size=batch_size,
            verbose=False)
    return train_one_epoch


def step_epoch(model, batch_size=128):
    """Variant (b): a Python loop over batches calling a compiled step."""
    train_step = make_train_step(model)

    def train_one_epoch(images, labels):
        for images_batch, labels_batch in BatchGenerator(images, labels,
                                                         batch_size):
            loss = train_step(images_batch, labels_batch)
        return float(loss)
    return train_one_epoch


def compiled_epoch(model, batch_size=128):
    """Variant (c): one compiled function runs the whole epoch."""
    train_epoch = make_train_epoch(model, batch_size)

    def train_one_epoch(images, labels):
        return train_epoch(images, labels).numpy()
    return train_one_epoch


def keras_fit_epoch(model, batch_size=128):
    """Variant (d): Keras's ``fit`` with the same weights and plain SGD at
    1e-3 (``keras_twin``, chapter 10), no shuffling, no progress bar. The
    trained weights are copied back into ``model``."""
    keras_model = keras_twin(model)

    def train_one_epoch(images, labels):
        keras_model.fit(images, labels, batch_size=batch_size, epochs=1,
                        shuffle=False, verbose=0)
        copy_weights_from_keras(keras_model, model)
    return train_one_epoch


def seconds_per_epoch(make_variant, model, images, labels, batch_size=128,
                      epochs=1):
    """Time one training variant: the best of ``epochs`` timed epochs.

    ``make_variant(model, batch_size)`` returns a function that trains
    ``model`` for one epoch. It first runs on one full and one partial batch,
    so that compiling (tracing) is done before the clock starts.
    Explained in chapter 11, *Speed*.
    """
    train_one_epoch = make_variant(model, batch_size)
    warm_up = batch_size + len(images) % batch_size
    train_one_epoch(images[:warm_up], labels[:warm_up])
    best = float("inf")
    for _ in range(epochs):
        start = time.perf_counter()
        train_one_epoch(images, labels)
        best = min(best, time.perf_counter() - start)
    return best
